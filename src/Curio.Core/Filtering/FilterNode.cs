namespace Curio.Core.Filtering;

/// <summary>
/// A parsed item filter: the syntax only. Keys are not yet checked against the metadata schema and literals are not yet
/// typed; a binder does both. Every node has one canonical text form (<see cref="FilterText.Format"/>) and one JSON form
/// (<see cref="FilterJson.Write"/>), and both parse back to an equal node.
/// </summary>
/// <remarks>
/// The shape is kept canonical so that equal filters are equal nodes: <see cref="AndNode"/> and <see cref="OrNode"/>
/// hold at least two operands and never an operand of their own kind (<c>(a AND b) AND c</c> is one AND of three).
/// Use <see cref="And"/> and <see cref="Or"/> to combine nodes without minding that.
/// </remarks>
public abstract record FilterNode
{
    /// <summary>All of <paramref name="nodes"/>: nested ANDs are flattened and a single node is returned as it is.</summary>
    public static FilterNode And(params IEnumerable<FilterNode> nodes) => Combine(nodes, isAnd: true);

    /// <summary>Any of <paramref name="nodes"/>: nested ORs are flattened and a single node is returned as it is.</summary>
    public static FilterNode Or(params IEnumerable<FilterNode> nodes) => Combine(nodes, isAnd: false);

    /// <summary>The canonical text form, so that test failures and logs show the filter as a user would write it.</summary>
    public sealed override string ToString() => FilterText.Format(this);

    /// <summary>The operands of an AND, OR or NOT; none for a condition.</summary>
    internal static IReadOnlyList<FilterNode> OperandsOf(FilterNode node) => node switch
    {
        AndNode all => all.Operands,
        OrNode any => any.Operands,
        NotNode negation => [negation.Operand],
        _ => [],
    };

    private static FilterNode Combine(IEnumerable<FilterNode> nodes, bool isAnd)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var operands = new List<FilterNode>();
        foreach (var node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            switch (node)
            {
                case AndNode all when isAnd:
                    operands.AddRange(all.Operands);
                    break;
                case OrNode any when !isAnd:
                    operands.AddRange(any.Operands);
                    break;
                default:
                    operands.Add(node);
                    break;
            }
        }

        return operands.Count switch
        {
            0 => throw new ArgumentException("At least one node is needed.", nameof(nodes)),
            1 => operands[0],
            _ => isAnd ? new AndNode(operands) : new OrNode(operands),
        };
    }

    /// <summary>A defensive copy, so a node cannot change after it was built (or compared, or hashed).</summary>
    private protected static FilterNode[] CheckOperands<T>(IReadOnlyList<FilterNode> operands, string parameter)
        where T : FilterNode
    {
        ArgumentNullException.ThrowIfNull(operands, parameter);
        var copy = operands.ToArray();
        if (copy.Length < 2)
        {
            throw new ArgumentException($"A {typeof(T).Name} needs at least two operands; use FilterNode.And or FilterNode.Or to combine any number.", parameter);
        }

        foreach (var operand in copy)
        {
            ArgumentNullException.ThrowIfNull(operand, parameter);
            if (operand is T)
            {
                throw new ArgumentException($"A {typeof(T).Name} cannot hold another {typeof(T).Name}: the operands belong in the outer one (FilterNode.And and FilterNode.Or flatten them).", parameter);
            }
        }

        return copy;
    }

    private protected static int SequenceHash<T>(IReadOnlyList<T> items)
    {
        var hash = default(HashCode);
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}

/// <summary>True when every operand is true. At least two operands, none of them an <see cref="AndNode"/>.</summary>
public sealed record AndNode(IReadOnlyList<FilterNode> Operands) : FilterNode
{
    public IReadOnlyList<FilterNode> Operands { get; } = CheckOperands<AndNode>(Operands, nameof(Operands));

    // Records compare lists by reference; filters are compared by what they say.
    public bool Equals(AndNode? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => SequenceHash(Operands);
}

/// <summary>True when any operand is true. At least two operands, none of them an <see cref="OrNode"/>.</summary>
public sealed record OrNode(IReadOnlyList<FilterNode> Operands) : FilterNode
{
    public IReadOnlyList<FilterNode> Operands { get; } = CheckOperands<OrNode>(Operands, nameof(Operands));

    public bool Equals(OrNode? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => SequenceHash(Operands);
}

/// <summary>True when the operand is false. <c>NOT NOT x</c> is kept as written: the syntax layer does not simplify.</summary>
public sealed record NotNode(FilterNode Operand) : FilterNode
{
    public FilterNode Operand { get; } = Operand ?? throw new ArgumentNullException(nameof(Operand));
}

/// <summary><c>key = value</c>, <c>key != value</c>, <c>key &lt; value</c> and the other comparisons.</summary>
public sealed record CompareNode(FilterKey Key, CompareOp Op, FilterLiteral Value) : FilterNode
{
    public FilterKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));

    public CompareOp Op { get; } = Enum.IsDefined(Op) ? Op : throw new ArgumentOutOfRangeException(nameof(Op));

    public FilterLiteral Value { get; } = Value ?? throw new ArgumentNullException(nameof(Value));
}

/// <summary><c>key in (v1, v2, ...)</c>, or <c>key not in (...)</c> when <see cref="Negated"/>. At least one value, kept in the written order.</summary>
public sealed record InNode(FilterKey Key, IReadOnlyList<FilterLiteral> Values, bool Negated) : FilterNode
{
    public FilterKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));

    public IReadOnlyList<FilterLiteral> Values { get; } = CheckValues(Values, nameof(Values));

    public bool Equals(InNode? other) =>
        other is not null && Key == other.Key && Negated == other.Negated && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Negated, SequenceHash(Values));

    private static FilterLiteral[] CheckValues(IReadOnlyList<FilterLiteral> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        var copy = values.ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException("An 'in' list needs at least one value.", parameter);
        }

        foreach (var value in copy)
        {
            ArgumentNullException.ThrowIfNull(value, parameter);
        }

        return copy;
    }
}

/// <summary><c>key between low and high</c>, both ends included.</summary>
public sealed record BetweenNode(FilterKey Key, FilterLiteral Low, FilterLiteral High) : FilterNode
{
    public FilterKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));

    public FilterLiteral Low { get; } = Low ?? throw new ArgumentNullException(nameof(Low));

    public FilterLiteral High { get; } = High ?? throw new ArgumentNullException(nameof(High));
}

/// <summary><c>key prefix "text"</c> (the value starts with the text) or <c>key contains "text"</c> (a substring).</summary>
public sealed record TextMatchNode(FilterKey Key, TextMatch Match, string Text) : FilterNode
{
    public FilterKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));

    public TextMatch Match { get; } = Enum.IsDefined(Match) ? Match : throw new ArgumentOutOfRangeException(nameof(Match));

    public string Text { get; } = StringLiteral.Check(Text, nameof(Text));
}

/// <summary><c>key exists</c>: the item has a value for the key. Its negation is written <c>NOT key exists</c>.</summary>
public sealed record ExistsNode(FilterKey Key) : FilterNode
{
    public FilterKey Key { get; } = Key ?? throw new ArgumentNullException(nameof(Key));
}

/// <summary>The comparison of a <see cref="CompareNode"/>.</summary>
public enum CompareOp
{
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

/// <summary>The kind of a <see cref="TextMatchNode"/>.</summary>
public enum TextMatch
{
    /// <summary>The text value starts with the given text.</summary>
    Prefix,

    /// <summary>The text value contains the given text anywhere.</summary>
    Contains,
}
