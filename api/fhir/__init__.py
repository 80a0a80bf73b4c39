"""Plans as FHIR R4: a document Bundle per plan, and the Questionnaire its answers follow."""
