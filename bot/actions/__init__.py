"""The action server package: rasa-sdk registers every Action subclass found in these modules."""
