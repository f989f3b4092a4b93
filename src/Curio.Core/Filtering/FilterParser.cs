namespace Curio.Core.Filtering;

/// <summary>
/// Reads the text form of a filter (grammar in docs/filters.md) by recursive descent. Precedence is NOT over AND over
/// OR; AND and OR chains, parenthesised or not, become one n-ary node.
/// </summary>
public static class FilterParser
{
    /// <exception cref="FilterSyntaxException">The text is not a filter, or is beyond <see cref="FilterLimits"/>.</exception>
    public static FilterNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > FilterLimits.MaxLength)
        {
            throw Error(text, FilterLimits.MaxLength, $"the filter is longer than {FilterLimits.MaxLength} characters");
        }

        return new Parser(text, FilterLexer.Tokenize(text)).ParseFilter();
    }

    internal static FilterSyntaxException Error(string text, int offset, string reason)
    {
        var (line, column) = Locate(text, offset);
        return new FilterSyntaxException(offset, line, column, reason);
    }

    /// <summary>Counts characters, not UTF-16 units, so the column matches what the user sees (an emoji is one).</summary>
    private static (int Line, int Column) Locate(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1]))
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>A node and its depth (a condition is 1), kept while parsing so the depth limit is checked where it is crossed.</summary>
    private readonly record struct Parsed(FilterNode Node, int Depth);

    private sealed class Parser(string text, List<Token> tokens)
    {
        private static readonly string[] WordOperators = ["in", "not", "between", "prefix", "contains", "exists"];

        // Where each node appears (a condition's key, an operator), for reporting the size limit once the tree is done.
        private readonly Dictionary<FilterNode, int> _positions = new(ReferenceEqualityComparer.Instance);
        private int _position;
        private int _nesting;

        private Token Current => Peek(0);

        public FilterNode ParseFilter()
        {
            var parsed = ParseOr(after: null);
            var token = Current;
            if (token.Kind != TokenKind.End)
            {
                ThrowIfError(token);
                throw token.Kind == TokenKind.RightParen
                    ? Error(token.Start, "unexpected ')': there is no '(' for it to close")
                    : Error(token.Start, $"expected AND, OR or the end of the filter, found {Describe(token)}");
            }

            CheckSize(parsed.Node);
            return parsed.Node;
        }

        /// <summary>
        /// Counts the finished tree: a parenthesised AND may yet merge into an outer one, so counting while parsing
        /// would overcount. Too many nodes are reported at the first one past the limit, reading left to right.
        /// </summary>
        private void CheckSize(FilterNode root)
        {
            var positions = new List<int>();
            Collect(root, positions);
            if (positions.Count > FilterLimits.MaxNodes)
            {
                positions.Sort();
                throw Error(positions[FilterLimits.MaxNodes],
                    $"the filter has more than {FilterLimits.MaxNodes} conditions and operators (AND, OR, NOT)");
            }
        }

        private void Collect(FilterNode node, List<int> positions)
        {
            positions.Add(_positions[node]);
            foreach (var operand in FilterNode.OperandsOf(node))
            {
                Collect(operand, positions);
            }
        }

        private Parsed ParseOr(string? after)
        {
            var first = ParseAnd(after);
            if (!IsWord(Current, "or"))
            {
                return first;
            }

            var parts = new List<Parsed> { first };
            var firstOperator = Current;
            while (IsWord(Current, "or"))
            {
                var op = Take();
                parts.Add(ParseAnd(Quote(op)));
            }

            return Combine(parts, isAnd: false, firstOperator);
        }

        private Parsed ParseAnd(string? after)
        {
            var first = ParseUnary(after);
            if (!IsWord(Current, "and"))
            {
                return first;
            }

            var parts = new List<Parsed> { first };
            var firstOperator = Current;
            while (IsWord(Current, "and"))
            {
                var op = Take();
                parts.Add(ParseUnary(Quote(op)));
            }

            return Combine(parts, isAnd: true, firstOperator);
        }

        private Parsed Combine(List<Parsed> parts, bool isAnd, Token at)
        {
            var operands = new List<FilterNode>();
            var depth = 0;
            foreach (var part in parts)
            {
                // A parenthesised chain of the same operator joins this one: it was counted as a node, and is no longer one.
                var inner = isAnd ? (part.Node as AndNode)?.Operands : (part.Node as OrNode)?.Operands;
                if (inner is not null)
                {
                    operands.AddRange(inner);
                    depth = Math.Max(depth, part.Depth - 1);
                }
                else
                {
                    operands.Add(part.Node);
                    depth = Math.Max(depth, part.Depth);
                }
            }

            depth++;
            CheckDepth(depth, at);
            return new Parsed(Place(isAnd ? new AndNode(operands) : new OrNode(operands), at), depth);
        }

        private Parsed ParseUnary(string? after)
        {
            if (!IsWord(Current, "not"))
            {
                return ParsePrimary(after);
            }

            if (Peek(1).Kind == TokenKind.Symbol)
            {
                throw ReservedKey(Current);
            }

            var op = Take();
            Enter(op);
            var operand = ParseUnary(Quote(op));
            _nesting--;
            CheckDepth(operand.Depth + 1, op);
            return new Parsed(Place(new NotNode(operand.Node), op), operand.Depth + 1);
        }

        private Parsed ParsePrimary(string? after)
        {
            if (Current.Kind != TokenKind.LeftParen)
            {
                return ParseCondition(after);
            }

            var open = Take();
            Enter(open);
            var inner = ParseOr("'('");
            var close = Current;
            if (close.Kind != TokenKind.RightParen)
            {
                ThrowIfError(close);
                throw Error(close.Start, $"expected ')' to close the '(' at {Where(open.Start)}, found {Describe(close)}");
            }

            Take();
            _nesting--;
            return inner;
        }

        private Parsed ParseCondition(string? after)
        {
            var token = Current;
            ThrowIfError(token);
            FilterKey key;
            switch (token.Kind)
            {
                case TokenKind.Word when FilterSyntax.IsReserved(token.Text):
                    throw LooksLikeOperator(Peek(1)) ? ReservedKey(token) : ExpectedCondition(token, after);
                case TokenKind.Word or TokenKind.QuotedKey:
                    key = new FilterKey(token.Text);
                    break;
                case TokenKind.Field:
                    key = FilterKey.Field(token.Text);
                    break;
                case TokenKind.String when LooksLikeOperator(Peek(1)):
                    throw Error(token.Start, "a key is written bare or in backquotes (`camera id`), not in double quotes");
                default:
                    throw ExpectedCondition(token, after);
            }

            Take();
            return new Parsed(Place(ParseOperator(key, Source(token)), token), 1);
        }

        private FilterNode ParseOperator(FilterKey key, string written)
        {
            var op = Current;
            ThrowIfError(op);
            if (op.Kind == TokenKind.Symbol)
            {
                Take();
                var compare = FilterSyntax.CompareOpOf(op.Text)!.Value;
                return new CompareNode(key, compare, ParseValue(Quote(op), written, compare));
            }

            if (op.Kind == TokenKind.Word)
            {
                switch (Keyword(op))
                {
                    case "in":
                        Take();
                        return ParseInList(key, negated: false, Quote(op));
                    case "not":
                        return ParseNotIn(key, written);
                    case "between":
                        Take();
                        var low = ParseValue(Quote(op), written, null);
                        var joiner = Current;
                        if (!IsWord(joiner, "and"))
                        {
                            ThrowIfError(joiner);
                            throw Error(joiner.Start, $"expected 'and' between the two values of 'between', found {Describe(joiner)}");
                        }

                        Take();
                        return new BetweenNode(key, low, ParseValue(Quote(joiner), written, null));
                    case "prefix" or "contains":
                        Take();
                        var text = Current;
                        if (text.Kind != TokenKind.String)
                        {
                            ThrowIfError(text);
                            throw Error(text.Start, $"expected a string after {Quote(op)}, found {Describe(text)}");
                        }

                        Take();
                        return new TextMatchNode(key, IsWord(op, "prefix") ? TextMatch.Prefix : TextMatch.Contains, text.Text);
                    case "exists":
                        Take();
                        return new ExistsNode(key);
                }

                if (FilterSyntax.Suggest(op.Text) is { } suggestion)
                {
                    throw Error(op.Start, $"unknown operator '{op.Text}'; did you mean '{suggestion}'?");
                }

                if (key is { BuiltIn: false } && FilterSyntax.IsIdentifier(written) && !FilterSyntax.IsReserved(op.Text))
                {
                    throw Error(op.Start, $"expected an operator after {written}, found {Describe(op)}; a key with spaces in it is written in backquotes: `{written} {op.Text}`");
                }
            }

            throw Error(op.Start, $"expected an operator after {written} ({FilterSyntax.OperatorList}), found {Describe(op)}");
        }

        private InNode ParseNotIn(FilterKey key, string written)
        {
            var not = Take();
            var next = Current;
            ThrowIfError(next);
            if (IsWord(next, "in"))
            {
                Take();
                return ParseInList(key, negated: true, $"'{Source(not)} {Source(next)}'");
            }

            if (Keyword(next) is "exists" or "between" or "prefix" or "contains")
            {
                var example = IsWord(next, "exists") ? $"NOT {written} exists" : $"NOT {written} {Keyword(next)} ...";
                throw Error(not.Start, $"'not' after a key only forms 'not in'; to negate a condition write NOT before it: {example}");
            }

            throw Error(next.Start, $"expected 'in' after {Quote(not)}, found {Describe(next)}");
        }

        private InNode ParseInList(FilterKey key, bool negated, string after)
        {
            var open = Current;
            if (open.Kind != TokenKind.LeftParen)
            {
                ThrowIfError(open);
                throw Error(open.Start, $"expected '(' after {after}, found {Describe(open)}");
            }

            Take();
            if (Current.Kind == TokenKind.RightParen)
            {
                throw Error(Current.Start, $"{(negated ? "a 'not in'" : "an 'in'")} list needs at least one value");
            }

            var values = new List<FilterLiteral>();
            var valueAfter = "'('";
            while (true)
            {
                if (values.Count == FilterLimits.MaxInValues)
                {
                    throw Error(Current.Start, $"an 'in' list can hold at most {FilterLimits.MaxInValues} values");
                }

                values.Add(ParseValue(valueAfter, written: null, op: null));
                var separator = Current;
                if (separator.Kind == TokenKind.Comma)
                {
                    Take();
                    valueAfter = "','";
                    continue;
                }

                if (separator.Kind == TokenKind.RightParen)
                {
                    Take();
                    return new InNode(key, values, negated);
                }

                ThrowIfError(separator);
                throw Error(separator.Start, $"expected ',' or ')' in the 'in' list, found {Describe(separator)}");
            }
        }

        /// <summary>A literal; <paramref name="written"/> and <paramref name="op"/> only shape the advice for <c>null</c>.</summary>
        private FilterLiteral ParseValue(string after, string? written, CompareOp? op)
        {
            var token = Current;
            ThrowIfError(token);
            switch (token.Kind)
            {
                case TokenKind.String:
                    Take();
                    return new StringLiteral(token.Text);
                case TokenKind.Number:
                    Take();
                    return token.Number!;
                case TokenKind.Word when IsWord(token, "true") || IsWord(token, "false"):
                    Take();
                    return new BooleanLiteral(IsWord(token, "true"));
                case TokenKind.Word when IsWord(token, "null"):
                    throw Error(token.Start, op switch
                    {
                        CompareOp.Equal => $"null is not a value; to match items without {written}, write NOT {written} exists",
                        CompareOp.NotEqual => $"null is not a value; to match items that have {written}, write {written} exists",
                        _ => "null is not a value; use a string, a number, true or false",
                    });
                case TokenKind.Word:
                    throw Error(token.Start, $"expected a value after {after}, found {Describe(token)}; strings are written in double quotes");
                default:
                    throw Error(token.Start, $"expected a value after {after}, found {Describe(token)}");
            }
        }

        private FilterSyntaxException ExpectedCondition(Token token, string? after)
        {
            ThrowIfError(token);
            return token.Kind == TokenKind.End && after is null
                ? Error(token.Start, "the filter is empty")
                : Error(token.Start, $"expected a condition{(after is null ? "" : $" after {after}")}, found {Describe(token)}");
        }

        private FilterSyntaxException ReservedKey(Token token) =>
            Error(token.Start, $"'{token.Text}' is a reserved word; to use it as a key, write it in backquotes: `{token.Text}`");

        private static bool LooksLikeOperator(Token token) =>
            token.Kind == TokenKind.Symbol || Keyword(token) is not null;

        /// <summary>The word operator <paramref name="token"/> spells, in lower case, or null.</summary>
        private static string? Keyword(Token token) => WordOperators.FirstOrDefault(word => IsWord(token, word));

        private FilterNode Place(FilterNode node, Token at)
        {
            _positions[node] = at.Start;
            return node;
        }

        private void CheckDepth(int depth, Token at)
        {
            if (depth > FilterLimits.MaxDepth)
            {
                throw Error(at.Start, $"the filter nests more than {FilterLimits.MaxDepth} levels deep");
            }
        }

        /// <summary>Bounds the recursion itself: parentheses and NOTs nest even where they add no depth to the result.</summary>
        private void Enter(Token at)
        {
            if (++_nesting > FilterLimits.MaxDepth)
            {
                throw Error(at.Start, $"the filter nests more than {FilterLimits.MaxDepth} levels deep");
            }
        }

        private void ThrowIfError(Token token)
        {
            if (token.Kind == TokenKind.Error)
            {
                throw Error(token.Start, token.Text);
            }
        }

        private Token Peek(int ahead) => tokens[Math.Min(_position + ahead, tokens.Count - 1)];

        private Token Take() => tokens[_position++];

        private static bool IsWord(Token token, string word) => token.Kind == TokenKind.Word && FilterSyntax.IsWord(token.Text, word);

        private string Source(Token token) => text[token.Start..token.End];

        private string Quote(Token token) => $"'{Source(token)}'";

        private string Describe(Token token)
        {
            var source = Source(token);
            if (source.Length > 40)
            {
                var cut = char.IsHighSurrogate(source[38]) ? 38 : 39;
                source = string.Concat(source.AsSpan(0, cut), "…");
            }

            return token.Kind switch
            {
                TokenKind.End => "end of filter",
                TokenKind.String => $"string {source}",
                TokenKind.Number => $"number {source}",
                TokenKind.QuotedKey => source,
                _ => $"'{source}'",
            };
        }

        private string Where(int offset)
        {
            var (line, column) = Locate(text, offset);
            return line == 1 ? $"column {column}" : $"line {line}, column {column}";
        }

        private FilterSyntaxException Error(int offset, string reason) => FilterParser.Error(text, offset, reason);
    }
}
