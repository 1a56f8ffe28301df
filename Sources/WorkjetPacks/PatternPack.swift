// Filled by the pattern-pack loader.
