"""Pure domain logic: no Flask, no Firestore, plain data in and out."""
