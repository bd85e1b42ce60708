"""The Train page's sections: settings (persist, corpus, settings), the live run (run, watch) and what to do with
the trained model (results). pages/train.py attaches the session's job and calls them in order; the prose is
explorer/locales/<lang>/train.py."""
