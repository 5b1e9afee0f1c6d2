"""render: the Jinja2 environment, its filters and messages, and page -> bytes."""
