"""The audit log: every time a practitioner reads, exports, changes or links a plan."""
