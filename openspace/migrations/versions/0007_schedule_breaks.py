"""the schedule knows breaks: breaks, skip-empty plenaries and the last skipped slot

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30 12:10:00

Upgrade: workshops get ``breaks`` (a JSON list of [start, end] UTC times,
empty), ``skip_empty_plenaries`` (on: a scheduled plenary with nothing new is
skipped) and ``plenary_skipped_slot`` (none yet). Downgrade drops the three.
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the three schedule columns to workshops."""
    # In place (ALTER TABLE … ADD COLUMN), never a copy of the table: see downgrade.
    op.add_column('workshops', sa.Column('breaks', sa.JSON(), nullable=False,
                                         server_default='[]'))
    op.add_column('workshops', sa.Column('skip_empty_plenaries', sa.Boolean(), nullable=False,
                                         server_default=sa.true()))
    op.add_column('workshops', sa.Column('plenary_skipped_slot', sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Drop the three schedule columns.

    Not in batch mode: on SQLite that copies the table and drops the old one,
    and with foreign keys on, dropping the workshops would delete every row
    that cascades from them (cards, events …). SQLite 3.35+ drops a column in place.
    """
    for column in ('plenary_skipped_slot', 'skip_empty_plenaries', 'breaks'):
        op.drop_column('workshops', column)
