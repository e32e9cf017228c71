using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query.Internal;

#pragma warning disable EF1001 // Npgsql's SQL generator is public but marked internal: this adds one clause to its ORDER BY.

namespace LoginAudit.Data.PostgreSql;

/// <summary>
/// NULLs sort as on SQLite, lowest (first ascending, last descending), so that every sorted list is the same on both
/// databases; PostgreSQL sorts them highest. The clause is left out where the key is a column that cannot be NULL:
/// there it changes nothing, and a plain B-tree still serves the ordering (the history grid's newest first).
/// </summary>
internal sealed class SqliteNullOrderingQuerySqlGeneratorFactory(
    QuerySqlGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappingSource, INpgsqlSingletonOptions options)
    : IQuerySqlGeneratorFactory
{
    public QuerySqlGenerator Create() => new Generator(dependencies, typeMappingSource, options.PostgresVersion);

    private sealed class Generator(QuerySqlGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappingSource, Version postgresVersion)
        : NpgsqlQuerySqlGenerator(dependencies, typeMappingSource, reverseNullOrderingEnabled: false, postgresVersion)
    {
        protected override System.Linq.Expressions.Expression VisitOrdering(OrderingExpression ordering)
        {
            var result = base.VisitOrdering(ordering);
            if (ordering.Expression is not ColumnExpression { IsNullable: false })
            {
                Sql.Append(ordering.IsAscending ? " NULLS FIRST" : " NULLS LAST");
            }

            return result;
        }
    }
}
