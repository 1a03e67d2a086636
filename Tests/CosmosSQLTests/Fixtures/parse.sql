# Golden parser tests. Each case is a query (one or more lines), then "=> " and its canonical (minimal) printed form,
# then "~> " and its fully parenthesised form, which shows how precedence grouped it.
# Cases are separated by blank lines; lines starting with '#' are comments. Loaded via #filePath.

# Queries from the brief
SELECT * FROM c WHERE c.epoch >= 1593099980 AND c.sender = 'python_kafka_sdk'
=> SELECT * FROM c WHERE c.epoch >= 1593099980 AND c.sender = "python_kafka_sdk"
~> SELECT * FROM c WHERE ((c.epoch >= 1593099980) AND (c.sender = "python_kafka_sdk"))

SELECT c.id, c.city_name FROM c WHERE ST_DISTANCE(c.location, {"type": "Point", "coordinates": [-80.84, 35.5]}) < 5000
=> SELECT c.id, c.city_name FROM c WHERE ST_DISTANCE(c.location, {"type": "Point", "coordinates": [-80.84, 35.5]}) < 5000
~> SELECT c.id, c.city_name FROM c WHERE (ST_DISTANCE(c.location, {"type": "Point", "coordinates": [-80.84, 35.5]}) < 5000)

SELECT VALUE COUNT(1) FROM c
=> SELECT VALUE COUNT(1) FROM c
~> SELECT VALUE COUNT(1) FROM c

SELECT COUNT(c.a > 0 ? 1 : undefined) FROM c
=> SELECT COUNT(c.a > 0 ? 1 : undefined) FROM c
~> SELECT COUNT(((c.a > 0) ? 1 : undefined)) FROM c

SELECT c.value FROM c
=> SELECT c["value"] FROM c
~> SELECT c["value"] FROM c

SELECT TOP 10 * FROM c ORDER BY c._ts DESC
=> SELECT TOP 10 * FROM c ORDER BY c._ts DESC
~> SELECT TOP 10 * FROM c ORDER BY c._ts DESC

SELECT * FROM c OFFSET 5 LIMIT 10
=> SELECT * FROM c OFFSET 5 LIMIT 10
~> SELECT * FROM c OFFSET 5 LIMIT 10

SELECT DISTINCT VALUE c.cat FROM c
=> SELECT DISTINCT VALUE c.cat FROM c
~> SELECT DISTINCT VALUE c.cat FROM c

SELECT c.city, COUNT(1) AS n FROM c GROUP BY c.city
=> SELECT c.city, COUNT(1) AS n FROM c GROUP BY c.city
~> SELECT c.city, COUNT(1) AS n FROM c GROUP BY c.city

# SELECT forms
SELECT 1
=> SELECT 1
~> SELECT 1

SELECT VALUE [1, 2]
=> SELECT VALUE [1, 2]
~> SELECT VALUE [1, 2]

SELECT VALUE {}
=> SELECT VALUE {}
~> SELECT VALUE {}

SELECT VALUE []
=> SELECT VALUE []
~> SELECT VALUE []

SELECT TOP @n c.id FROM c
=> SELECT TOP @n c.id FROM c
~> SELECT TOP @n c.id FROM c

SELECT DISTINCT TOP 3 c.a FROM c
=> SELECT DISTINCT TOP 3 c.a FROM c
~> SELECT DISTINCT TOP 3 c.a FROM c

SELECT TOP 3 DISTINCT c.a FROM c
=> SELECT DISTINCT TOP 3 c.a FROM c
~> SELECT DISTINCT TOP 3 c.a FROM c

SELECT c.a x, c.b AS y, c.c FROM c
=> SELECT c.a AS x, c.b AS y, c.c FROM c
~> SELECT c.a AS x, c.b AS y, c.c FROM c

select value c from c where c.a = 1 order by c.b asc
=> SELECT VALUE c FROM c WHERE c.a = 1 ORDER BY c.b
~> SELECT VALUE c FROM c WHERE (c.a = 1) ORDER BY c.b

SeLeCt * FrOm c WhErE c.flag
=> SELECT * FROM c WHERE c.flag
~> SELECT * FROM c WHERE c.flag

SELECT c.order, c.top, c.select, c.from, c["value"] FROM c
=> SELECT c["order"], c["top"], c["select"], c["from"], c["value"] FROM c
~> SELECT c["order"], c["top"], c["select"], c["from"], c["value"] FROM c

SELECT * FROM c OFFSET @skip LIMIT @take
=> SELECT * FROM c OFFSET @skip LIMIT @take
~> SELECT * FROM c OFFSET @skip LIMIT @take

SELECT * FROM c ORDER BY c.a DESC, c.b ASC, c.c
=> SELECT * FROM c ORDER BY c.a DESC, c.b, c.c
~> SELECT * FROM c ORDER BY c.a DESC, c.b, c.c

SELECT c.x FROM c GROUP BY c.x, c.y
=> SELECT c.x FROM c GROUP BY c.x, c.y
~> SELECT c.x FROM c GROUP BY c.x, c.y

SELECT * FROM c WHERE c.a = 1 ORDER BY c.b OFFSET 0 LIMIT 0x10
=> SELECT * FROM c WHERE c.a = 1 ORDER BY c.b OFFSET 0 LIMIT 16
~> SELECT * FROM c WHERE (c.a = 1) ORDER BY c.b OFFSET 0 LIMIT 16

# FROM forms
SELECT * FROM root
=> SELECT * FROM root
~> SELECT * FROM root

SELECT * FROM root r
=> SELECT * FROM root AS r
~> SELECT * FROM root AS r

SELECT f.id FROM Families f
=> SELECT f.id FROM Families AS f
~> SELECT f.id FROM Families AS f

SELECT x.id FROM c AS x
=> SELECT x.id FROM c AS x
~> SELECT x.id FROM c AS x

SELECT * FROM c.children
=> SELECT * FROM c.children
~> SELECT * FROM c.children

SELECT * FROM c.children ch
=> SELECT * FROM c.children AS ch
~> SELECT * FROM c.children AS ch

SELECT * FROM c.children AS ch
=> SELECT * FROM c.children AS ch
~> SELECT * FROM c.children AS ch

SELECT * FROM c["child list"] AS ch
=> SELECT * FROM c["child list"] AS ch
~> SELECT * FROM c["child list"] AS ch

SELECT * FROM c.children[0] AS first
=> SELECT * FROM c.children[0] AS first
~> SELECT * FROM c.children[0] AS first

SELECT * FROM c.a.b["c"][2].d
=> SELECT * FROM c.a.b.c[2].d
~> SELECT * FROM c.a.b.c[2].d

SELECT VALUE ch FROM ch IN c.children
=> SELECT VALUE ch FROM ch IN c.children
~> SELECT VALUE ch FROM ch IN c.children

SELECT VALUE c FROM c IN c.children
=> SELECT VALUE c FROM c IN c.children
~> SELECT VALUE c FROM c IN c.children

SELECT VALUE x FROM x IN c
=> SELECT VALUE x FROM x IN c
~> SELECT VALUE x FROM x IN c

SELECT s.id FROM (SELECT c.id FROM c) s
=> SELECT s.id FROM (SELECT c.id FROM c) AS s
~> SELECT s.id FROM (SELECT c.id FROM c) AS s

SELECT VALUE t FROM t IN (SELECT VALUE c.tags FROM c)
=> SELECT VALUE t FROM t IN (SELECT VALUE c.tags FROM c)
~> SELECT VALUE t FROM t IN (SELECT VALUE c.tags FROM c)

# JOIN
SELECT c.id, t FROM c JOIN t IN c.tags
=> SELECT c.id, t FROM c JOIN t IN c.tags
~> SELECT c.id, t FROM c JOIN t IN c.tags

SELECT c.id, t, s FROM c JOIN t IN c.tags JOIN s IN t.scores WHERE s > 10
=> SELECT c.id, t, s FROM c JOIN t IN c.tags JOIN s IN t.scores WHERE s > 10
~> SELECT c.id, t, s FROM c JOIN t IN c.tags JOIN s IN t.scores WHERE (s > 10)

SELECT c.id FROM c JOIN (SELECT VALUE t FROM t IN c.tags WHERE t.name = 'x') x
=> SELECT c.id FROM c JOIN (SELECT VALUE t FROM t IN c.tags WHERE t.name = "x") AS x
~> SELECT c.id FROM c JOIN (SELECT VALUE t FROM t IN c.tags WHERE (t.name = "x")) AS x

SELECT c.id FROM c JOIN t IN (SELECT VALUE x FROM x IN c.tags WHERE x.n > 1)
=> SELECT c.id FROM c JOIN t IN (SELECT VALUE x FROM x IN c.tags WHERE x.n > 1)
~> SELECT c.id FROM c JOIN t IN (SELECT VALUE x FROM x IN c.tags WHERE (x.n > 1))

SELECT c.id FROM c JOIN c.children ch
=> SELECT c.id FROM c JOIN c.children AS ch
~> SELECT c.id FROM c JOIN c.children AS ch

SELECT c.id FROM c JOIN c.children
=> SELECT c.id FROM c JOIN c.children
~> SELECT c.id FROM c JOIN c.children

SELECT f.id, ch.name FROM Families f JOIN ch IN f.children JOIN p IN ch.pets WHERE p.givenName = "Shadow"
=> SELECT f.id, ch.name FROM Families AS f JOIN ch IN f.children JOIN p IN ch.pets WHERE p.givenName = "Shadow"
~> SELECT f.id, ch.name FROM Families AS f JOIN ch IN f.children JOIN p IN ch.pets WHERE (p.givenName = "Shadow")

# Subqueries
SELECT * FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'a')
=> SELECT * FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = "a")
~> SELECT * FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE (t = "a"))

SELECT c.id, ARRAY(SELECT VALUE t.name FROM t IN c.tags) AS names FROM c
=> SELECT c.id, ARRAY(SELECT VALUE t.name FROM t IN c.tags) AS names FROM c
~> SELECT c.id, ARRAY(SELECT VALUE t.name FROM t IN c.tags) AS names FROM c

SELECT (SELECT VALUE COUNT(1) FROM t IN c.tags) AS n FROM c
=> SELECT (SELECT VALUE COUNT(1) FROM t IN c.tags) AS n FROM c
~> SELECT (SELECT VALUE COUNT(1) FROM t IN c.tags) AS n FROM c

SELECT VALUE (SELECT VALUE 1)
=> SELECT VALUE (SELECT VALUE 1)
~> SELECT VALUE (SELECT VALUE 1)

SELECT * FROM c WHERE NOT EXISTS(SELECT VALUE 1 FROM t IN c.tags WHERE t.x)
=> SELECT * FROM c WHERE NOT EXISTS(SELECT VALUE 1 FROM t IN c.tags WHERE t.x)
~> SELECT * FROM c WHERE (NOT EXISTS(SELECT VALUE 1 FROM t IN c.tags WHERE t.x))

# Literals
SELECT VALUE [true, false, null, undefined]
=> SELECT VALUE [true, false, null, undefined]
~> SELECT VALUE [true, false, null, undefined]

SELECT VALUE [0, -1, 42, 9223372036854775807, -9223372036854775808, 9223372036854775808]
=> SELECT VALUE [0, -1, 42, 9223372036854775807, -9223372036854775808, 9.223372036854776e+18]
~> SELECT VALUE [0, -1, 42, 9223372036854775807, -9223372036854775808, 9.223372036854776e+18]

SELECT VALUE [1.5, -0.25, .5, 1., 1e3, 1E-3, 2.5e+10, 0x1F, 0XfF]
=> SELECT VALUE [1.5, -0.25, 0.5, 1.0, 1000.0, 0.001, 25000000000.0, 31, 255]
~> SELECT VALUE [1.5, -0.25, 0.5, 1.0, 1000.0, 0.001, 25000000000.0, 31, 255]

SELECT VALUE ['single', "double", 'it\'s', "say \"hi\"", 'mixed "quotes"', "mixed 'quotes'"]
=> SELECT VALUE ["single", "double", "it's", "say \"hi\"", "mixed \"quotes\"", "mixed 'quotes'"]
~> SELECT VALUE ["single", "double", "it's", "say \"hi\"", "mixed \"quotes\"", "mixed 'quotes'"]

SELECT VALUE "escapes: \\ \/ \b \f \n \r \t \u0041 \u00e9 \ud83d\ude00"
=> SELECT VALUE "escapes: \\ / \b \f \n \r \t A é 😀"
~> SELECT VALUE "escapes: \\ / \b \f \n \r \t A é 😀"

SELECT VALUE 'unicode: héllo 日本 😀'
=> SELECT VALUE "unicode: héllo 日本 😀"
~> SELECT VALUE "unicode: héllo 日本 😀"

SELECT VALUE @param
=> SELECT VALUE @param
~> SELECT VALUE @param

SELECT VALUE {"a": 1, b: c.x, "c d": [1, {e: null}], value: 2}
=> SELECT VALUE {"a": 1, "b": c.x, "c d": [1, {"e": null}], "value": 2}
~> SELECT VALUE {"a": 1, "b": c.x, "c d": [1, {"e": null}], "value": 2}

# Property access
SELECT c["a b"] FROM c
=> SELECT c["a b"] FROM c
~> SELECT c["a b"] FROM c

SELECT c.arr[0] FROM c
=> SELECT c.arr[0] FROM c
~> SELECT c.arr[0] FROM c

SELECT c[@p] FROM c
=> SELECT c[@p] FROM c
~> SELECT c[@p] FROM c

SELECT c[c.key] FROM c
=> SELECT c[c.key] FROM c
~> SELECT c[c.key] FROM c

SELECT c.a.b.c[1][2]["x"].y FROM c
=> SELECT c.a.b.c[1][2].x.y FROM c
~> SELECT c.a.b.c[1][2].x.y FROM c

SELECT c["a" || "b"] FROM c
=> SELECT c["a" || "b"] FROM c
~> SELECT c[("a" || "b")] FROM c

SELECT (1).a, [1, 2][0], {"a": 1}.a FROM c
=> SELECT 1 .a, [1, 2][0], {"a": 1}.a FROM c
~> SELECT 1 .a, [1, 2][0], {"a": 1}.a FROM c

SELECT c.$id, c._rid, c.$1 FROM c
=> SELECT c.$id, c._rid, c.$1 FROM c
~> SELECT c.$id, c._rid, c.$1 FROM c

# Functions
SELECT IS_DEFINED(c.a), is_defined(c.a), LOWER(c.name) FROM c
=> SELECT IS_DEFINED(c.a), is_defined(c.a), LOWER(c.name) FROM c
~> SELECT IS_DEFINED(c.a), is_defined(c.a), LOWER(c.name) FROM c

SELECT udf.tax(c.income), UDF.Tax(c.income) FROM c
=> SELECT udf.tax(c.income), udf.Tax(c.income) FROM c
~> SELECT udf.tax(c.income), udf.Tax(c.income) FROM c

SELECT GetCurrentDateTime() FROM c
=> SELECT GetCurrentDateTime() FROM c
~> SELECT GetCurrentDateTime() FROM c

SELECT ARRAY_CONTAINS(c.tags, {"name": "x"}, true) FROM c
=> SELECT ARRAY_CONTAINS(c.tags, {"name": "x"}, true) FROM c
~> SELECT ARRAY_CONTAINS(c.tags, {"name": "x"}, true) FROM c

SELECT LEFT(c.s, 2), RIGHT(c.s, 2) FROM c
=> SELECT LEFT(c.s, 2), RIGHT(c.s, 2) FROM c
~> SELECT LEFT(c.s, 2), RIGHT(c.s, 2) FROM c

# Operators
SELECT VALUE 1 + 2 * 3 - 4 / 5 % 6
=> SELECT VALUE 1 + 2 * 3 - 4 / 5 % 6
~> SELECT VALUE ((1 + (2 * 3)) - ((4 / 5) % 6))

SELECT VALUE c.first || ' ' || c.last
=> SELECT VALUE c.first || " " || c.last
~> SELECT VALUE ((c.first || " ") || c.last)

SELECT VALUE c.a ?? c.b ?? 'none'
=> SELECT VALUE c.a ?? c.b ?? "none"
~> SELECT VALUE ((c.a ?? c.b) ?? "none")

SELECT VALUE c.a > 0 ? 'pos' : c.a < 0 ? 'neg' : 'zero'
=> SELECT VALUE c.a > 0 ? "pos" : c.a < 0 ? "neg" : "zero"
~> SELECT VALUE ((c.a > 0) ? "pos" : ((c.a < 0) ? "neg" : "zero"))

SELECT VALUE c.a ? c.b ? 1 : 2 : 3
=> SELECT VALUE c.a ? c.b ? 1 : 2 : 3
~> SELECT VALUE (c.a ? (c.b ? 1 : 2) : 3)

SELECT VALUE (c.a ? 1 : 2) ? 3 : 4
=> SELECT VALUE (c.a ? 1 : 2) ? 3 : 4
~> SELECT VALUE ((c.a ? 1 : 2) ? 3 : 4)

SELECT VALUE 100 >> 2 << 1 >>> 3
=> SELECT VALUE 100 >> 2 << 1 >>> 3
~> SELECT VALUE (((100 >> 2) << 1) >>> 3)

SELECT VALUE 1 | 2 & 3 ^ 4
=> SELECT VALUE 1 | 2 & 3 ^ 4
~> SELECT VALUE (1 | ((2 & 3) ^ 4))

SELECT VALUE ~c.flags & 0xFF
=> SELECT VALUE ~c.flags & 255
~> SELECT VALUE ((~c.flags) & 255)

SELECT -c.a, +c.b, - -1, -(1), NOT NOT c.x, -c.arr[0], -1.5, ~0
=> SELECT -c.a, +c.b, - -1, -(1), NOT NOT c.x, -c.arr[0], -1.5, ~0
~> SELECT (-c.a), (+c.b), (- -1), (-(1)), (NOT (NOT c.x)), (-c.arr[0]), -1.5, (~0)

SELECT * FROM c WHERE c.a <> 1 AND c.b != 2 AND c.c <= 3 AND c.d >= 4
=> SELECT * FROM c WHERE c.a != 1 AND c.b != 2 AND c.c <= 3 AND c.d >= 4
~> SELECT * FROM c WHERE ((((c.a != 1) AND (c.b != 2)) AND (c.c <= 3)) AND (c.d >= 4))

SELECT * FROM c WHERE NOT c.a = 1
=> SELECT * FROM c WHERE NOT c.a = 1
~> SELECT * FROM c WHERE (NOT (c.a = 1))

SELECT * FROM c WHERE c.a = NOT c.b
=> SELECT * FROM c WHERE c.a = NOT c.b
~> SELECT * FROM c WHERE (c.a = (NOT c.b))

SELECT * FROM c WHERE c.a OR c.b AND c.c
=> SELECT * FROM c WHERE c.a OR c.b AND c.c
~> SELECT * FROM c WHERE (c.a OR (c.b AND c.c))

SELECT VALUE 'a' || 'b' = 'ab'
=> SELECT VALUE "a" || "b" = "ab"
~> SELECT VALUE ("a" || ("b" = "ab"))

SELECT VALUE c.flags & 4 = 4
=> SELECT VALUE c.flags & 4 = 4
~> SELECT VALUE (c.flags & (4 = 4))

SELECT * FROM c WHERE c.a BETWEEN 1 AND 2 AND c.b BETWEEN 3 AND 4
=> SELECT * FROM c WHERE c.a BETWEEN 1 AND 2 AND c.b BETWEEN 3 AND 4
~> SELECT * FROM c WHERE ((c.a BETWEEN 1 AND 2) AND (c.b BETWEEN 3 AND 4))

# Predicates
SELECT * FROM c WHERE c.status IN ('a', 'b', 'c')
=> SELECT * FROM c WHERE c.status IN ("a", "b", "c")
~> SELECT * FROM c WHERE (c.status IN ("a", "b", "c"))

SELECT * FROM c WHERE c.status NOT IN ('a')
=> SELECT * FROM c WHERE c.status NOT IN ("a")
~> SELECT * FROM c WHERE (c.status NOT IN ("a"))

SELECT * FROM c WHERE c.n BETWEEN 1 AND 10
=> SELECT * FROM c WHERE c.n BETWEEN 1 AND 10
~> SELECT * FROM c WHERE (c.n BETWEEN 1 AND 10)

SELECT * FROM c WHERE c.n NOT BETWEEN -1 AND 1 + 1 AND c.m = 2
=> SELECT * FROM c WHERE c.n NOT BETWEEN -1 AND 1 + 1 AND c.m = 2
~> SELECT * FROM c WHERE ((c.n NOT BETWEEN -1 AND (1 + 1)) AND (c.m = 2))

SELECT * FROM c WHERE c.name LIKE 'A%'
=> SELECT * FROM c WHERE c.name LIKE "A%"
~> SELECT * FROM c WHERE (c.name LIKE "A%")

SELECT * FROM c WHERE c.name NOT LIKE '%!_x' ESCAPE '!'
=> SELECT * FROM c WHERE c.name NOT LIKE "%!_x" ESCAPE "!"
~> SELECT * FROM c WHERE (c.name NOT LIKE "%!_x" ESCAPE "!")

SELECT * FROM c WHERE c.name LIKE 'a\\%' ESCAPE '\\'
=> SELECT * FROM c WHERE c.name LIKE "a\\%" ESCAPE "\\"
~> SELECT * FROM c WHERE (c.name LIKE "a\\%" ESCAPE "\\")

SELECT * FROM c WHERE c.name LIKE @pattern ESCAPE @escape
=> SELECT * FROM c WHERE c.name LIKE @pattern ESCAPE @escape
~> SELECT * FROM c WHERE (c.name LIKE @pattern ESCAPE @escape)

SELECT * FROM c WHERE NOT c.a IN (1, 2) OR c.b BETWEEN 1 AND 2 AND c.c LIKE 'x%'
=> SELECT * FROM c WHERE NOT c.a IN (1, 2) OR c.b BETWEEN 1 AND 2 AND c.c LIKE "x%"
~> SELECT * FROM c WHERE ((NOT (c.a IN (1, 2))) OR ((c.b BETWEEN 1 AND 2) AND (c.c LIKE "x%")))

# Comments and whitespace
SELECT * -- everything
FROM c -- the container
WHERE c.a = 1 -- filter
	AND c.b = 2
=> SELECT * FROM c WHERE c.a = 1 AND c.b = 2
~> SELECT * FROM c WHERE ((c.a = 1) AND (c.b = 2))
