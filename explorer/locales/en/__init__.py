"""English strings, one module per page (merged by explorer.i18n)."""
