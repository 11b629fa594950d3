using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LedgerCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Added by hand: the ledger verifier reads one consistent snapshot (SNAPSHOT isolation) while writers go on.
            // ALTER DATABASE cannot run inside the migration's transaction.
            migrationBuilder.Sql("ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;", suppressTransaction: true);

            migrationBuilder.CreateTable(
                name: "LedgerCheckpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    AccountCount = table.Column<int>(type: "int", nullable: false),
                    AccountsDigest = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    Totals = table.Column<string>(type: "varchar(400)", unicode: false, maxLength: 400, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Mode = table.Column<int>(type: "int", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ToSequence = table.Column<long>(type: "bigint", nullable: false),
                    TransfersChecked = table.Column<long>(type: "bigint", nullable: false),
                    ProblemCount = table.Column<int>(type: "int", nullable: false),
                    Problems = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerVerificationRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerCheckpointAccounts",
                columns: table => new
                {
                    CheckpointSequence = table.Column<long>(type: "bigint", nullable: false),
                    AccountId = table.Column<long>(type: "bigint", nullable: false),
                    Asset = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<int>(type: "int", nullable: false),
                    OwnerOrganizationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Flags = table.Column<int>(type: "int", nullable: false),
                    DebitsPending = table.Column<long>(type: "bigint", nullable: false),
                    DebitsPosted = table.Column<long>(type: "bigint", nullable: false),
                    CreditsPending = table.Column<long>(type: "bigint", nullable: false),
                    CreditsPosted = table.Column<long>(type: "bigint", nullable: false)
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
                name: "CK_Accounts_Asset",
                table: "Accounts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_Flags",
                table: "Accounts");
        }
    }
}
