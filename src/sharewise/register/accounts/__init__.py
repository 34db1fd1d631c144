"""Who may sign in, and how: users of an organisation and its services with their roles,
their passwords, sessions, API tokens, and the counting of failed sign-ins."""
