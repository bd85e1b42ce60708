"""The Attention page's sections: the layer × head grid, one head in detail, every head's statistics."""
