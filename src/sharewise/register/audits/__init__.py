"""Monitoring and auditing (4.3): a month's audit report and the findings on its sample."""
