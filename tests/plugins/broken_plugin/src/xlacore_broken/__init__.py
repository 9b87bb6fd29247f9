"""A plugin that fails to import, as a plugin with a missing dependency would."""

raise ImportError("xlacore_broken needs a module that is not installed")
