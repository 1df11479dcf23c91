"""Chat logic between the store and the engine, free of Qt."""
