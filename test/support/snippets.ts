// The expander lives with the server, which serves the snippets through completion.
export { expandSnippet } from '../../server/src/service/snippetText';
