"""The Member States' portal: a mission's own pages (its users, its registrations, the documents
restricted to Member States), under /portal/, in English, French and Spanish."""
