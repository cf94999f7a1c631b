"""participants may name the organisation they come from (counted in the register only)

Revision ID: 0016
Revises: 0012
Create Date: 2026-11-30 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table('participants') as batch:
        batch.add_column(sa.Column('organisation', sa.String(length=120), nullable=True))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('participants') as batch:
        batch.drop_column('organisation')
