from operator_app.services import audit


def test_world_builds_and_chain_verifies(world):
    with world.db.read() as session:
        result = audit.verify(session)
    assert result.ok
    assert set(result.heads) == {"MSK-CO-1", "system"}  # points made at the CLI log on "system"
