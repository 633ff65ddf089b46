"""What leaves the app besides the course: the source figures as charts and images, and the printed handout."""
