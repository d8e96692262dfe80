"""What a student (and an instructor) reads: reports of a checked exercise, in HTML and text,
with a plot of the first failing case where the family provides one."""
