"""projector control and stars: the facilitator drives the wall, stars cards for the plenary

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00

``workshops.projector`` holds what every projector of the workshop shows (sort,
filters, paused, the plenary on the wall and its slide), so a projector that
reloads comes back as it was; ``cards.starred`` marks the handful of cards the
facilitator picked "for the plenary".
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    # Plain ADD COLUMN (SQLite does it in place): a batch copy of a table would drop the
    # old one, and SQLite cascades that drop to the rows that point at it.
    op.add_column('workshops', sa.Column('projector', sa.JSON(), nullable=True))
    op.add_column('cards', sa.Column('starred', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade() -> None:
    """Revert this migration."""
    # In place too (SQLite 3.35+ drops a column itself), for the same reason as above.
    for table, column in (('cards', 'starred'), ('workshops', 'projector')):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
