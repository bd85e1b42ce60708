"""The Next token page's sections: controls, the distribution, T predictions, generation, logit lens."""
