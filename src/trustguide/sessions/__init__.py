"""Session plans: timed agendas defined as data, their clock times, pages, run sheets and facilitator packs."""
