"""Settings, database and security primitives shared by every domain package."""
