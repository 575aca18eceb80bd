"""The concept's domain logic: elements, editions, assessment, history, gaps, legal pages."""
