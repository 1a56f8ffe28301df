/// Seeded generator of realistic documents with planted entities (filled in by the corpus work).
public struct CorpusGenerator {}
