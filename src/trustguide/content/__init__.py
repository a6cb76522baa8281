"""Pure content: the bibliography, citations, worksheets, session plans, organisation settings, languages."""
