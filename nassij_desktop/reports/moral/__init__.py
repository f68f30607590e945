"""The moral report (التقرير الأدبي / rapport moral) of a year, with its charts."""
