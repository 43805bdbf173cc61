// What the bookings search can look up: the trigram index finds a term by its runs of three letters
// or digits, so "o'co" (none) would read every booking (110 ms at 1,000,000) and "o'con" (one) is
// answered from the index. The table sends a term only once it is searchable; the API refuses others.
export const SEARCH_RUN = /[\p{L}\p{N}]{3}/u;
export const searchable = (term: string) => SEARCH_RUN.test(term.trim());
