"""Structured-interview pages, one module per area: rubrics, panels, scoring, reports."""
