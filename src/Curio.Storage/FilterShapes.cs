using Curio.Core.Filtering;

namespace Curio.Storage;

/// <summary>What either backend's filter planner asks of a bound filter's shape, whatever SQL it then writes.</summary>
internal static class FilterShapes
{
    /// <summary>The target a single comparison tests.</summary>
    public static BoundTarget TargetOf(BoundFilter leaf) => leaf switch
    {
        BoundCompare c => c.Target,
        BoundIn i => i.Target,
        BoundBetween b => b.Target,
        BoundTextMatch t => t.Target,
        BoundExists e => e.Target,
        _ => throw new ArgumentOutOfRangeException(nameof(leaf), leaf, "not a single comparison"),
    };

    /// <summary>The conditions every match must satisfy: the operands of nested top-level ANDs, or the filter itself.</summary>
    public static List<BoundFilter> Conjuncts(BoundFilter filter)
    {
        var conjuncts = new List<BoundFilter>();
        Flatten(filter, conjuncts);
        return conjuncts;
    }

    public static bool IsEquality(BoundFilter leaf) => leaf is BoundCompare { Op: CompareOp.Equal } or BoundIn { Negated: false, Values.Count: 1 };

    /// <summary>Conditions a (key, value) index answers as ranges: comparisons, <c>between</c>, <c>in</c> several values, prefixes.</summary>
    public static bool IsRanged(BoundFilter leaf) => leaf is BoundCompare { Op: not (CompareOp.Equal or CompareOp.NotEqual) }
        or BoundBetween or BoundIn { Negated: false, Values.Count: > 1 } or BoundTextMatch { Match: TextMatch.Prefix };

    private static void Flatten(BoundFilter filter, List<BoundFilter> conjuncts)
    {
        if (filter is BoundAnd and)
        {
            foreach (var operand in and.Operands)
            {
                Flatten(operand, conjuncts);
            }
        }
        else
        {
            conjuncts.Add(filter);
        }
    }
}
