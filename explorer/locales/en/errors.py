"""English strings of gpt_core's errors, keyed "errors.<code>" (explorer.i18n.error_text shows them).

The English text is gpt_core's own (gpt_core/errors.py, MESSAGES): it is taken from there rather than copied,
so the app's English and the CLI's can never drift apart. Translations go in explorer/locales/zh/errors.py.
"""
from gpt_core.errors import MESSAGES

STRINGS = {f"errors.{code}": text for code, text in MESSAGES.items()}
