using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LedgerCheckpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    AccountCount = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountsDigest = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    Totals = table.Column<string>(type: "TEXT", unicode: false, maxLength: 400, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckpoints", x => x.Sequence);
                    table.CheckConstraint("CK_LedgerCheckpoints_Sequence", "\"Sequence\" > 0");
                });

            migrationBuilder.CreateTable(
                name: "LedgerVerificationRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ToSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    TransfersChecked = table.Column<long>(type: "INTEGER", nullable: false),
                    ProblemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Problems = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerVerificationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerCheckpointAccounts",
                columns: table => new
                {
                    CheckpointSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Asset = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    DebitsPending = table.Column<long>(type: "INTEGER", nullable: false),
                    DebitsPosted = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditsPending = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditsPosted = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckpointAccounts", x => new { x.CheckpointSequence, x.AccountId });
                    table.ForeignKey(
                        name: "FK_LedgerCheckpointAccounts_LedgerCheckpoints_CheckpointSequence",
                        column: x => x.CheckpointSequence,
                        principalTable: "LedgerCheckpoints",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_Accounts",
                table: "Transfers",
                sql: "\"DebitAccountId\" <> \"CreditAccountId\"");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_Amount",
                table: "Transfers",
                sql: "\"Amount\" > 0");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_Asset",
                table: "Transfers",
                sql: "\"Asset\" IN (1, 2)");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_Flags",
                table: "Transfers",
                sql: "\"Flags\" IN (0, 1, 2, 4)");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_Sequence",
                table: "Transfers",
                sql: "\"Sequence\" > 0");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Transfers_StoredForms",
                table: "Transfers",
                sql: "(typeof(\"Id\") = 'text' AND \"Id\" GLOB '[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]') AND (\"PendingId\" IS NULL OR (typeof(\"PendingId\") = 'text' AND \"PendingId\" GLOB '[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]')) AND (typeof(\"TimestampUtc\") = 'text' AND \"TimestampUtc\" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND (length(\"TimestampUtc\") = 19 OR (length(\"TimestampUtc\") BETWEEN 21 AND 27 AND substr(\"TimestampUtc\", 20, 1) = '.' AND substr(\"TimestampUtc\", 21) NOT GLOB '*[^0-9]*' AND \"TimestampUtc\" NOT GLOB '*0'))) AND (\"ExpiresAtUtc\" IS NULL OR (typeof(\"ExpiresAtUtc\") = 'text' AND \"ExpiresAtUtc\" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND (length(\"ExpiresAtUtc\") = 19 OR (length(\"ExpiresAtUtc\") BETWEEN 21 AND 27 AND substr(\"ExpiresAtUtc\", 20, 1) = '.' AND substr(\"ExpiresAtUtc\", 21) NOT GLOB '*[^0-9]*' AND \"ExpiresAtUtc\" NOT GLOB '*0'))))");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Accounts_Asset",
                table: "Accounts",
                sql: "\"Asset\" IN (1, 2)");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Accounts_Flags",
                table: "Accounts",
                sql: "\"Flags\" IN (0, 1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerVerificationRuns_Mode_RequestedAtUtc",
                table: "LedgerVerificationRuns",
                columns: new[] { "Mode", "RequestedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LedgerCheckpointAccounts");

            migrationBuilder.DropTable(
                name: "LedgerVerificationRuns");

            migrationBuilder.DropTable(
                name: "LedgerCheckpoints");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_Accounts",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_Amount",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_Asset",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_Flags",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_Sequence",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Transfers_StoredForms",
                table: "Transfers");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_Asset",
                table: "Accounts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_Flags",
                table: "Accounts");
        }
    }
}
