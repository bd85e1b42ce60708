"""The "Why this prediction?" page's sections: direct logit attribution, activation patching, MLP neurons."""
