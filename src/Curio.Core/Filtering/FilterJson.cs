using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Curio.Core.Filtering;

/// <summary>
/// The JSON document form of a filter, as the API takes it in a request body (shape in docs/filters.md). It holds the
/// same tree as the text form, so a filter converts between the two without loss.
/// </summary>
public static class FilterJson
{
    // The reader walks JSON without recursion, so it may look deeper than a filter may go; the filter's own depth limit
    // is then reported at the path where it is crossed instead of as "invalid JSON".
    private const int ReaderMaxDepth = 1024;

    private static readonly string[] Properties = ["and", "or", "not", "key", "field", "op", "value", "values", "low", "high"];
    private static readonly string[] Operands = ["value", "values", "low", "high"];

    /// <summary>Reads a UTF-8 JSON filter (a leading byte-order mark is allowed).</summary>
    /// <exception cref="FilterJsonException">Not JSON, not a filter, or beyond <see cref="FilterLimits"/>.</exception>
    public static FilterNode Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > FilterLimits.MaxLength)
        {
            throw new FilterJsonException("$", $"the filter is larger than {FilterLimits.MaxLength} bytes");
        }

        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        // The reader checks UTF-8 only when a string is decoded, and would blame the string; say what is wrong.
        if (FirstInvalidUtf8(utf8Json) is { } invalid)
        {
            throw new FilterJsonException("$", $"the filter is not valid UTF-8 (byte {invalid + 1})");
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
            try
            {
                reader.Read(); // throws on anything but whitespace after the value
            }
            catch
            {
                document.Dispose();
                throw;
            }
        }
        catch (JsonException e)
        {
            throw new FilterJsonException("$", $"the filter is not valid JSON: {Describe(e)}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static FilterNode Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// Reads a filter from an element of a document the caller has parsed, such as the <c>filter</c> property of a
    /// request; errors name paths under <paramref name="path"/> (<c>$.filter.and[1].op</c>).
    /// </summary>
    /// <exception cref="FilterJsonException">Not a filter, or beyond <see cref="FilterLimits"/> (the byte limit is the caller's).</exception>
    public static FilterNode Parse(JsonElement element, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(path);
        var reader = new Reader();
        var node = reader.Node(element, path, level: 1);
        reader.CheckSize(node);
        return node;
    }

    /// <summary>Writes <paramref name="node"/> as one JSON object; numbers are written as their lexemes.</summary>
    public static void Write(FilterNode node, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(writer);
        WriteNode(node, writer);
    }

    /// <summary>The compact JSON form, for logs, tests and clients; letters outside ASCII are left unescaped.</summary>
    public static string ToJson(FilterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteNode(node, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNode(FilterNode node, Utf8JsonWriter writer)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        writer.WriteStartObject();
        switch (node)
        {
            case AndNode all:
                WriteList(writer, "and", all.Operands);
                break;
            case OrNode any:
                WriteList(writer, "or", any.Operands);
                break;
            case NotNode negation:
                writer.WritePropertyName("not");
                WriteNode(negation.Operand, writer);
                break;
            case CompareNode compare:
                WriteKey(writer, compare.Key, FilterSyntax.Symbol(compare.Op));
                writer.WritePropertyName("value");
                WriteLiteral(writer, compare.Value);
                break;
            case InNode @in:
                WriteKey(writer, @in.Key, @in.Negated ? "not in" : "in");
                writer.WriteStartArray("values");
                foreach (var value in @in.Values)
                {
                    WriteLiteral(writer, value);
                }

                writer.WriteEndArray();
                break;
            case BetweenNode between:
                WriteKey(writer, between.Key, "between");
                writer.WritePropertyName("low");
                WriteLiteral(writer, between.Low);
                writer.WritePropertyName("high");
                WriteLiteral(writer, between.High);
                break;
            case TextMatchNode match:
                WriteKey(writer, match.Key, FilterSyntax.Name(match.Match));
                writer.WriteString("value", match.Text);
                break;
            case ExistsNode exists:
                WriteKey(writer, exists.Key, "exists");
                break;
            default:
                throw new ArgumentException($"Unknown filter node {node.GetType().Name}.", nameof(node));
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<FilterNode> operands)
    {
        writer.WriteStartArray(name);
        foreach (var operand in operands)
        {
            WriteNode(operand, writer);
        }

        writer.WriteEndArray();
    }

    private static void WriteKey(Utf8JsonWriter writer, FilterKey key, string op)
    {
        writer.WriteString(key.BuiltIn ? "field" : "key", key.Name);
        writer.WriteString("op", op);
    }

    private static void WriteLiteral(Utf8JsonWriter writer, FilterLiteral literal)
    {
        switch (literal)
        {
            case StringLiteral s:
                writer.WriteStringValue(s.Value);
                break;
            case NumberLiteral n:
                writer.WriteRawValue(n.Lexeme);
                break;
            case BooleanLiteral b:
                writer.WriteBooleanValue(b.Value);
                break;
            default:
                throw new ArgumentException($"Unknown filter literal {literal.GetType().Name}.", nameof(literal));
        }
    }

    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length;)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return null;
    }

    /// <summary>System.Text.Json's message without its own location suffix, and the position in the words of this API.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        message = (cut < 0 ? message : message[..cut]).TrimEnd();
        return e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? $"{message} (line {line + 1}, byte {position + 1})"
            : message;
    }

    /// <summary>One read; remembers each node's path to report the size limit once the tree is done.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<FilterNode, string> _paths = new(ReferenceEqualityComparer.Instance);

        /// <summary>
        /// Counts the finished tree, where an "and" inside an "and" has merged into it. Too many nodes are reported at the
        /// first one past the limit in document order.
        /// </summary>
        public void CheckSize(FilterNode root)
        {
            var seen = 0;
            var stack = new Stack<FilterNode>();
            stack.Push(root);
            while (stack.TryPop(out var node))
            {
                if (++seen > FilterLimits.MaxNodes)
                {
                    throw new FilterJsonException(_paths[node],
                        $"the filter has more than {FilterLimits.MaxNodes} conditions and operators (and, or, not)");
                }

                var operands = FilterNode.OperandsOf(node);
                for (var i = operands.Count - 1; i >= 0; i--)
                {
                    stack.Push(operands[i]);
                }
            }
        }

        public FilterNode Node(JsonElement element, string path, int level)
        {
            // Levels as written: each "and", "or" and "not" object is one. Checked before descending, which bounds the recursion.
            if (level > FilterLimits.MaxDepth)
            {
                throw new FilterJsonException(path, $"the filter nests more than {FilterLimits.MaxDepth} levels deep");
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new FilterJsonException(path, $"expected a filter object, found {Kind(element)}");
            }

            var properties = new List<(string Name, JsonElement Value)>();
            foreach (var property in element.EnumerateObject())
            {
                var name = property.Name;
                if (!Properties.Contains(name))
                {
                    throw new FilterJsonException(Child(path, name), UnknownProperty(name));
                }

                if (properties.Exists(p => p.Name == name))
                {
                    throw new FilterJsonException(Child(path, name), $"duplicate property '{name}'");
                }

                properties.Add((name, property.Value));
            }

            if (properties.Count == 0)
            {
                throw new FilterJsonException(path, "empty filter object; expected 'and', 'or', 'not', or a condition with 'key' (or 'field') and 'op'");
            }

            var logical = properties.FindIndex(p => p.Name is "and" or "or" or "not");
            if (logical < 0)
            {
                return Condition(properties, path);
            }

            var (kind, value) = properties[logical];
            if (properties.Count > 1)
            {
                var other = properties[logical == 0 ? 1 : 0].Name;
                throw new FilterJsonException(Child(path, other),
                    $"'{kind}' stands alone in its object; put '{other}' in a filter object of its own");
            }

            var childPath = Child(path, kind);
            if (kind == "not")
            {
                return Place(new NotNode(Node(value, childPath, level + 1)), path);
            }

            return List(value, childPath, path, level, isAnd: kind == "and");
        }

        private FilterNode Place(FilterNode node, string path)
        {
            _paths[node] = path;
            return node;
        }

        private FilterNode List(JsonElement array, string path, string nodePath, int level, bool isAnd)
        {
            var name = isAnd ? "and" : "or";
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new FilterJsonException(path, $"expected an array of filters, found {Kind(array)}");
            }

            if (array.GetArrayLength() == 0)
            {
                throw new FilterJsonException(path, $"'{name}' needs at least one filter");
            }

            var operands = new List<FilterNode>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var operand = Node(item, $"{path}[{index++}]", level + 1);
                var inner = isAnd ? (operand as AndNode)?.Operands : (operand as OrNode)?.Operands;
                if (inner is not null)
                {
                    // An "and" directly inside an "and" says nothing more than its operands; the tree stays canonical.
                    operands.AddRange(inner);
                }
                else
                {
                    operands.Add(operand);
                }
            }

            // A one-item list is just its item: generated filters often wrap a single condition.
            if (operands.Count == 1)
            {
                return operands[0];
            }

            return Place(isAnd ? new AndNode(operands) : new OrNode(operands), nodePath);
        }

        private FilterNode Condition(List<(string Name, JsonElement Value)> properties, string path)
        {
            JsonElement? Get(string name) => properties.FindIndex(p => p.Name == name) is var i and >= 0 ? properties[i].Value : null;

            var key = Key(Get("key"), Get("field"), path);
            if (Get("op") is not { } opElement)
            {
                throw new FilterJsonException(path, $"a condition needs 'op': one of {FilterSyntax.OperatorList}");
            }

            var opPath = Child(path, "op");
            if (opElement.ValueKind != JsonValueKind.String)
            {
                throw new FilterJsonException(opPath, $"expected an operator string, found {Kind(opElement)}");
            }

            var op = Text(opElement, opPath);
            FilterNode node;
            if (FilterSyntax.CompareOpOf(op) is { } compare)
            {
                Expect(properties, path, op, "value");
                node = new CompareNode(key, compare, Scalar(Get("value")!.Value, Child(path, "value"), compare));
            }
            else
            {
                switch (op)
                {
                    case "in" or "not in":
                        Expect(properties, path, op, "values");
                        node = new InNode(key, Values(Get("values")!.Value, Child(path, "values")), op == "not in");
                        break;
                    case "between":
                        Expect(properties, path, op, "low", "high");
                        node = new BetweenNode(key, Scalar(Get("low")!.Value, Child(path, "low"), null), Scalar(Get("high")!.Value, Child(path, "high"), null));
                        break;
                    case "prefix" or "contains":
                        Expect(properties, path, op, "value");
                        var value = Get("value")!.Value;
                        var valuePath = Child(path, "value");
                        if (value.ValueKind != JsonValueKind.String)
                        {
                            throw new FilterJsonException(valuePath, $"op '{op}' needs a string, found {Kind(value)}");
                        }

                        node = new TextMatchNode(key, op == "prefix" ? TextMatch.Prefix : TextMatch.Contains, Text(value, valuePath));
                        break;
                    case "exists":
                        Expect(properties, path, op);
                        node = new ExistsNode(key);
                        break;
                    default:
                        throw new FilterJsonException(opPath, FilterSyntax.Suggest(op) is { } suggestion
                            ? $"unknown operator '{op}'; did you mean '{suggestion}'? Use one of {FilterSyntax.OperatorList}"
                            : $"unknown operator '{op}'; use one of {FilterSyntax.OperatorList}");
                }
            }

            return Place(node, path);
        }

        private static FilterKey Key(JsonElement? key, JsonElement? field, string path)
        {
            if (key is not null && field is not null)
            {
                throw new FilterJsonException(Child(path, "field"), "use 'key' for a metadata key or 'field' for a built-in field, not both");
            }

            if ((key ?? field) is not { } element)
            {
                throw new FilterJsonException(path, "a condition needs 'key' (a metadata key) or 'field' (a built-in field)");
            }

            var builtIn = key is null;
            var keyPath = Child(path, builtIn ? "field" : "key");
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new FilterJsonException(keyPath, $"expected a string, found {Kind(element)}");
            }

            var name = Text(element, keyPath);
            if (!builtIn && name.StartsWith('$') && FilterSyntax.IsIdentifier(name[1..]))
            {
                throw new FilterJsonException(keyPath, $"a metadata key cannot start with '$'; for the built-in field write \"field\": \"{name[1..]}\"");
            }

            return FilterSyntax.KeyProblem(name, builtIn) is { } problem
                ? throw new FilterJsonException(keyPath, problem)
                : new FilterKey(name, builtIn);
        }

        /// <summary>Refuses an operand <paramref name="op"/> does not take, then asks for each one it needs.</summary>
        private static void Expect(List<(string Name, JsonElement Value)> properties, string path, string op, params string[] needed)
        {
            foreach (var (name, _) in properties)
            {
                if (Operands.Contains(name) && !needed.Contains(name))
                {
                    throw new FilterJsonException(Child(path, name), needed.Length == 0
                        ? $"op '{op}' takes no '{name}'"
                        : $"op '{op}' takes {string.Join(" and ", needed.Select(n => $"'{n}'"))}, not '{name}'");
                }
            }

            foreach (var name in needed)
            {
                if (!properties.Exists(p => p.Name == name))
                {
                    throw new FilterJsonException(path, $"missing '{name}' for op '{op}'");
                }
            }
        }

        private static List<FilterLiteral> Values(JsonElement array, string path)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new FilterJsonException(path, $"expected an array of values, found {Kind(array)}");
            }

            var count = array.GetArrayLength();
            if (count == 0)
            {
                throw new FilterJsonException(path, "an 'in' list needs at least one value");
            }

            if (count > FilterLimits.MaxInValues)
            {
                throw new FilterJsonException(path, $"an 'in' list can hold at most {FilterLimits.MaxInValues} values; this one has {count}");
            }

            var values = new List<FilterLiteral>(count);
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                values.Add(Scalar(item, $"{path}[{index++}]", null));
            }

            return values;
        }

        /// <summary>A string, number or boolean; <paramref name="op"/> only shapes the advice for null.</summary>
        private static FilterLiteral Scalar(JsonElement element, string path, CompareOp? op) => element.ValueKind switch
        {
            JsonValueKind.String => new StringLiteral(Text(element, path)),
            JsonValueKind.Number => NumberLiteral.TryCreate(element.GetRawText(), out var number, out var problem)
                ? number
                : throw new FilterJsonException(path, problem),
            JsonValueKind.True => new BooleanLiteral(true),
            JsonValueKind.False => new BooleanLiteral(false),
            JsonValueKind.Null => throw new FilterJsonException(path, op switch
            {
                CompareOp.Equal => "null is not a value; to match items without the key, put an 'exists' condition in a 'not'",
                CompareOp.NotEqual => "null is not a value; to match items that have the key, use op 'exists'",
                _ => "null is not a value; use a string, a number, true or false",
            }),
            _ => throw new FilterJsonException(path, $"expected a string, number or boolean, found {Kind(element)}"),
        };

        private static string Text(JsonElement element, string path)
        {
            try
            {
                return element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new FilterJsonException(path, "the string is not valid Unicode (an unpaired surrogate escape, or invalid UTF-8)");
            }
        }

        private static string UnknownProperty(string name)
        {
            var near = Properties.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
            return near is not null
                ? $"unknown property '{name}'; did you mean '{near}'? (property names are lower case)"
                : $"unknown property '{name}'; a filter object has 'and', 'or' or 'not', or is a condition with 'key' (or 'field'), 'op', and 'value', 'values' or 'low' and 'high'";
        }

        private static string Kind(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private static string Child(string path, string name) =>
            name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? $"{path}.{name}"
                : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
    }
}
