"""Video wall layouts, per-screen memory and presets (no Qt)."""
