using System.Reflection;
using System.Reflection.Emit;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Infrastructure.Persistence;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// Rules of the code that a reviewer would otherwise have to remember, checked on the compiled assemblies (the IL
/// of every method, lambda and async state machine), so that a new use case cannot quietly break them.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly[] Ours =
    [
        typeof(IUnitOfWork).Assembly,
        typeof(UnitOfWork).Assembly,
        typeof(Program).Assembly,
    ];

    [Fact]
    public void Only_the_unit_of_work_opens_database_transactions()
    {
        var offenders = Calls()
            .Where(call => IsTransactionStart(call.Callee) && OutermostType(call.Caller.DeclaringType!) != typeof(UnitOfWork))
            .Select(call => $"{OutermostType(call.Caller.DeclaringType!).FullName} calls {call.Callee.DeclaringType!.Name}.{call.Callee.Name}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "Open transactions through IUnitOfWork only:" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
        Assert.Contains(Calls(), call => IsTransactionStart(call.Callee) && OutermostType(call.Caller.DeclaringType!) == typeof(UnitOfWork));
    }

    [Fact]
    public void Whoever_writes_the_ledger_owns_a_unit_of_work()
    {
        var calls = Calls().ToList();
        var ledgerWriters = calls
            .Where(call => call.Callee.DeclaringType == typeof(LedgerService) && call.Callee.Name is nameof(LedgerService.PostAsync) or nameof(LedgerService.LockAsync))
            .Select(call => OutermostType(call.Caller.DeclaringType!))
            .Where(type => type != typeof(LedgerService))
            .ToHashSet();
        var unitOwners = calls
            .Where(call => call.Callee.DeclaringType == typeof(IUnitOfWork) && call.Callee.Name == nameof(IUnitOfWork.ExecuteAsync))
            .Select(call => OutermostType(call.Caller.DeclaringType!))
            .ToHashSet();

        Assert.NotEmpty(ledgerWriters);
        var orphans = ledgerWriters.Where(type => !unitOwners.Contains(type)).Select(type => type.FullName).ToList();
        Assert.True(orphans.Count == 0, "These write the ledger without running a unit of work of their own: " + string.Join(", ", orphans));
    }

    [Fact]
    public void The_ledger_never_saves_anyone_elses_changes()
    {
        var saves = Calls()
            .Where(call => OutermostType(call.Caller.DeclaringType!) == typeof(LedgerService))
            .Where(call => call.Callee.Name.StartsWith("SaveChanges", StringComparison.Ordinal) || call.Callee.Name == nameof(IUnitOfWork.SaveAsync))
            .ToList();

        Assert.Empty(saves);
    }

    private static bool IsTransactionStart(MethodBase callee) =>
        callee.Name.StartsWith("BeginTransaction", StringComparison.Ordinal) || callee.Name.StartsWith("UseTransaction", StringComparison.Ordinal)
        || (callee.Name == "EnlistTransaction" && callee.DeclaringType?.Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true);

    private static Type OutermostType(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<(MethodBase Caller, MethodBase Callee)> Calls() =>
        Ours.SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>()
                .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .SelectMany(method => Il.CalledMethods(method).Select(callee => (method, callee)));

    /// <summary>A minimal IL reader: walks a method body opcode by opcode and resolves the methods it calls.</summary>
    private static class Il
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value);

        public static IEnumerable<MethodBase> CalledMethods(MethodBase method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null)
            {
                yield break;
            }

            var genericTypeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var genericMethodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var position = 0;
            while (position < il.Length)
            {
                short value = il[position++];
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il[position++]));
                }

                var code = OpCodesByValue[value];
                if (code.OperandType == OperandType.InlineMethod)
                {
                    var token = BitConverter.ToInt32(il, position);
                    MethodBase? callee = null;
                    try
                    {
                        callee = method.Module.ResolveMethod(token, genericTypeArguments, genericMethodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A method of a generic type whose arguments are not known here; it is none of ours.
                    }

                    if (callee is not null)
                    {
                        yield return callee;
                    }
                }

                position += OperandSize(code, il, position);
            }
        }

        private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
            _ => 4,
        };
    }
}
