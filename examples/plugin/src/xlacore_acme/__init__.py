"""xlacore-acme: an example third-party xlacore plugin."""
