"""The HTML pages (Jinja2 + htmx): organiser and participant."""
