"""An organisation's adaptation of the guide: its branding, its own pages, and the parts it leaves out."""
