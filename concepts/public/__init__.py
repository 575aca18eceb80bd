"""The public view of an adopted concept: its URLs and views."""
