using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Metering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChargedAmount",
                table: "Allocations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "CurrentHoldId",
                table: "Allocations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FeeAmount",
                table: "Allocations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "FeeBasisPoints",
                table: "Allocations",
                type: "integer",
                nullable: false,
                defaultValue: 500);

            // Open on-demand allocations hold their rest under their original hold until settlement moves it.
            migrationBuilder.Sql("UPDATE \"Allocations\" SET \"CurrentHoldId\" = \"HoldTransferId\" WHERE \"Kind\" = 'OnDemand' AND \"Status\" = 'Active'");

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Scope = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiKeys_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformFeeRates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BasisPoints = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFromUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SetByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformFeeRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMilliseconds = table.Column<long>(type: "bigint", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    AllocationCount = table.Column<int>(type: "integer", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    ChargedAmount = table.Column<long>(type: "bigint", nullable: false),
                    FeeAmount = table.Column<long>(type: "bigint", nullable: false),
                    FlaggedTokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProviderOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    AllocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SettlementBatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    Flags = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEvents", x => x.Sequence);
                    table.ForeignKey(
                        name: "FK_UsageEvents_Allocations_AllocationId",
                        column: x => x.AllocationId,
                        principalTable: "Allocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_UsageEvents_Organizations_ProviderOrganizationId",
                        column: x => x.ProviderOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SettlementLines",
                columns: table => new
                {
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    AllocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    BuyerOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    ChargedAmount = table.Column<long>(type: "bigint", nullable: false),
                    FeeAmount = table.Column<long>(type: "bigint", nullable: false),
                    OverQuotaTokens = table.Column<long>(type: "bigint", nullable: false),
                    LateTokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementLines", x => new { x.BatchId, x.AllocationId });
                    table.ForeignKey(
                        name: "FK_SettlementLines_Allocations_AllocationId",
                        column: x => x.AllocationId,
                        principalTable: "Allocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SettlementLines_SettlementBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "SettlementBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Hash",
                table: "ApiKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_OrganizationId_CreatedAtUtc",
                table: "ApiKeys",
                columns: new[] { "OrganizationId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformFeeRates_EffectiveFromUtc",
                table: "PlatformFeeRates",
                column: "EffectiveFromUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementBatches_StartedAtUtc",
                table: "SettlementBatches",
                column: "StartedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementLines_AllocationId_BatchId",
                table: "SettlementLines",
                columns: new[] { "AllocationId", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementLines_BuyerOrganizationId_BatchId",
                table: "SettlementLines",
                columns: new[] { "BuyerOrganizationId", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementLines_ProviderOrganizationId_BatchId",
                table: "SettlementLines",
                columns: new[] { "ProviderOrganizationId", "BatchId" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_AllocationId_Sequence",
                table: "UsageEvents",
                columns: new[] { "AllocationId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_ProviderOrganizationId_EventId",
                table: "UsageEvents",
                columns: new[] { "ProviderOrganizationId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_SettlementBatchId_Sequence",
                table: "UsageEvents",
                columns: new[] { "SettlementBatchId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "PlatformFeeRates");

            migrationBuilder.DropTable(
                name: "SettlementLines");

            migrationBuilder.DropTable(
                name: "UsageEvents");

            migrationBuilder.DropTable(
                name: "SettlementBatches");

            migrationBuilder.DropColumn(
                name: "ChargedAmount",
                table: "Allocations");

            migrationBuilder.DropColumn(
                name: "CurrentHoldId",
                table: "Allocations");

            migrationBuilder.DropColumn(
                name: "FeeAmount",
                table: "Allocations");

            migrationBuilder.DropColumn(
                name: "FeeBasisPoints",
                table: "Allocations");
        }
    }
}
