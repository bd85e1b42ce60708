"""The Compare page's sections: choosing side B (view.py) and the three views side by side (sections.py)."""
