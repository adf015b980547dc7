// =============================================================================================
// maillage: ready-made queries for Neo4j Browser (and cypher-shell)
// =============================================================================================
// The graph was loaded by `maillage neo4j push` (or `maillage export cypher`):
//
//   (:Actor:<Type> {id, name, type, aliases, level, country, website, score_pagerank, ...,
//                   community, datasets})
//   (:Actor)-[:MEMBER_OF|PARTNER_OF|ORGANISES|FUNDS|SUPPORTS|SECRETARIAT_OF|MEETS|WORKS_FOR|
//             PART_OF|LOCATED_IN|PARTICIPATES_IN|HOSTS|CO_MENTIONED
//             {dataset, weight, sentences, docs, methods, dates}]->(:Actor)
//   (:Document {id, path, title, lang, date})-[:MENTIONS {dataset}]->(:Actor)
//
// `sentences[i]` is the evidence found in document `docs[i]` by `methods[i]`. PARTNER_OF, MEETS
// and CO_MENTIONED are symmetric (stored once, query them without an arrow). CO_MENTIONED means
// "named in the same sentence", not a stated relation.
//
// How to use a query: set its parameters first. In Neo4j Browser, run the `:param` line shown
// above the query without the leading `//` (change the values), then run the query. Every
// query is restricted to one dataset ($dataset, "maillage" unless you pushed with --dataset).
// Search an actor by any of its names: the full-text index `maillage_actor_names` (query 8).

// ---------------------------------------------------------------------------------------------
// @name top_actors
// Top actors by PageRank (when `maillage analyse` scores were pushed), then by degree (the
// number of relations of the dataset, co-mentions excluded): with no scores, this is a ranking
// by degree.
// :param {dataset: 'maillage', limit: 20}
MATCH (a:Actor)
WHERE $dataset IN a.datasets
OPTIONAL MATCH (a)-[r]-(:Actor)
WHERE r.dataset = $dataset AND type(r) <> 'CO_MENTIONED'
WITH a, count(r) AS degree
RETURN a.name AS actor, a.type AS type, a.level AS level, a.score_pagerank AS pagerank, degree
ORDER BY coalesce(a.score_pagerank, -1.0) DESC, degree DESC, actor
LIMIT $limit;

// ---------------------------------------------------------------------------------------------
// @name network_members
// Members of a network: the actors with a MEMBER_OF relation to the actor named $network
// (its name or any alias, case-insensitive), with the evidence.
// :param {dataset: 'maillage', network: 'PLATFORMA'}
MATCH (n:Actor)
WHERE $dataset IN n.datasets
  AND (toLower(n.name) = toLower($network) OR any(x IN n.aliases WHERE toLower(x) = toLower($network)))
MATCH (m:Actor)-[r:MEMBER_OF]->(n)
WHERE r.dataset = $dataset
RETURN n.name AS network, m.name AS member, m.type AS type, m.country AS country,
       r.sentences AS evidence, r.docs AS documents
ORDER BY member;

// ---------------------------------------------------------------------------------------------
// @name organises_funds
// Who organises, funds or supports what, with the evidence; the strongest relations first.
// :param {dataset: 'maillage'}
MATCH (a:Actor)-[r:ORGANISES|FUNDS|SUPPORTS]->(x:Actor)
WHERE r.dataset = $dataset
RETURN a.name AS actor, type(r) AS relation, x.name AS what, x.type AS what_type,
       r.weight AS weight, r.sentences AS evidence, r.docs AS documents
ORDER BY weight DESC, relation, actor, what;

// ---------------------------------------------------------------------------------------------
// @name brokers_between_levels
// Brokers between levels: actors whose stated relations (co-mentions excluded) reach actors of
// at least $min_levels different levels (local, regional, national, european, global), ranked by
// the number of levels, then by betweenness when scores were pushed.
// :param {dataset: 'maillage', min_levels: 2}
MATCH (b:Actor)-[r]-(o:Actor)
WHERE r.dataset = $dataset AND type(r) <> 'CO_MENTIONED' AND o.level IS NOT NULL AND o <> b
WITH b, collect(DISTINCT o.level) AS lv, collect(DISTINCT o.name) AS neighbours
WITH b, [l IN ['local', 'regional', 'national', 'european', 'global'] WHERE l IN lv] AS levels, neighbours
WHERE size(levels) >= $min_levels
RETURN b.name AS broker, b.level AS own_level, levels, size(neighbours) AS neighbours,
       b.score_betweenness AS betweenness
ORDER BY size(levels) DESC, coalesce(b.score_betweenness, -1.0) DESC, broker;

// ---------------------------------------------------------------------------------------------
// @name shortest_path
// The shortest chain of stated relations between two actors (names or aliases,
// case-insensitive), each step with its evidence. Set include_co_mentions to true to also walk
// through co-mentions.
// :param {dataset: 'maillage', from: 'Dijon', to: 'CCRE', include_co_mentions: false}
MATCH (a:Actor), (b:Actor)
WHERE $dataset IN a.datasets AND $dataset IN b.datasets AND a <> b
  AND (toLower(a.name) = toLower($from) OR any(x IN a.aliases WHERE toLower(x) = toLower($from)))
  AND (toLower(b.name) = toLower($to) OR any(x IN b.aliases WHERE toLower(x) = toLower($to)))
MATCH p = shortestPath((a)-[*..8]-(b))
WHERE all(r IN relationships(p) WHERE r.dataset = $dataset AND type(r) <> 'MENTIONS'
                                  AND ($include_co_mentions OR type(r) <> 'CO_MENTIONED'))
RETURN [n IN nodes(p) | n.name] AS actors, length(p) AS hops,
       [r IN relationships(p) | {from: startNode(r).name, relation: type(r), to: endNode(r).name,
                                 evidence: r.sentences, documents: r.docs}] AS steps
ORDER BY hops
LIMIT 1;

// ---------------------------------------------------------------------------------------------
// @name actors_of_country
// Actors of a country (their `country` attribute, ISO code such as 'FR'), with their number
// of relations (co-mentions excluded).
// :param {dataset: 'maillage', country: 'FR'}
MATCH (a:Actor)
WHERE $dataset IN a.datasets AND a.country = $country
OPTIONAL MATCH (a)-[r]-(:Actor)
WHERE r.dataset = $dataset AND type(r) <> 'CO_MENTIONED'
RETURN a.name AS actor, a.type AS type, a.level AS level, count(r) AS relations
ORDER BY relations DESC, actor;

// ---------------------------------------------------------------------------------------------
// @name document_statements
// What a document states: every relation with evidence from the document given by id, path or
// title, with the sentence and how it was found.
// :param {dataset: 'maillage', document: 'afccre_rencontre_france_balkans_2022.txt'}
MATCH (d:Document)
WHERE $dataset IN d.datasets AND (d.id = $document OR d.path = $document OR d.title = $document)
MATCH (s:Actor)-[r]->(t:Actor)
WHERE r.dataset = $dataset AND d.id IN r.docs
UNWIND range(0, size(r.docs) - 1) AS i
WITH d, s, r, t, i
WHERE r.docs[i] = d.id
RETURN d.title AS document, s.name AS source, type(r) AS relation, t.name AS target,
       r.sentences[i] AS sentence, r.methods[i] AS method
ORDER BY r.starts[i], source, relation, target;

// ---------------------------------------------------------------------------------------------
// @name search_actors
// Find actors by any of their names or acronyms (full-text, tolerant: 'CCRE', 'Cités Unies',
// 'platf*'), with their type and the datasets they are in.
// :param {text: 'CCRE', limit: 10}
CALL db.index.fulltext.queryNodes('maillage_actor_names', $text) YIELD node, score
RETURN node.name AS actor, node.type AS type, node.aliases AS aliases, node.datasets AS datasets, score
ORDER BY score DESC, actor
LIMIT $limit;
