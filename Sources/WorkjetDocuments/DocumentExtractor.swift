/// Text extraction from documents (filled in by the CLI work).
public enum DocumentExtractor {}
