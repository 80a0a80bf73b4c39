"""What Matters practitioner API: receives the plans people choose to send and serves them."""
