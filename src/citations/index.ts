export { findCitations, type CitationMention, type FindOptions } from './finder.js';
