// natural's index loads every module and its storage back-ends (~0.65 s, ~160 MB); we import
// the two modules we use directly. These declarations cover those deep paths.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
