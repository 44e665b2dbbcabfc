import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # Depends on both copilot leaves of the merged branches (the agent's turns and the current
    # Claude models), so it also joins them.
    dependencies = [
        ("accounts", "0002_account_health"),
        ("copilot", "0017_agent_turns"),
        ("copilot", "0016_current_claude_models"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='analysisrequest',
            name='prompt_version',
            field=models.CharField(blank=True, help_text="The system prompt's version (blank: before versions were recorded).", max_length=40),
        ),
        migrations.CreateModel(
            name='Recommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('title_key', models.CharField(editable=False, max_length=200)),
                ('kind', models.CharField(choices=[('call', 'Call'), ('email', 'Email'), ('meeting', 'Meeting'), ('note', 'Note'), ('support_ticket', 'Support ticket')], max_length=20)),
                ('priority', models.CharField(choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low')], max_length=10)),
                ('due_on', models.DateField()),
                ('rationale', models.TextField()),
                ('status', models.CharField(choices=[('proposed', 'Proposed'), ('accepted', 'Accepted'), ('dismissed', 'Dismissed'), ('done', 'Done'), ('expired', 'Expired')], default='proposed', max_length=10)),
                ('dismiss_reason', models.CharField(blank=True, max_length=300)),
                ('done_note', models.TextField(blank=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('accepted_at', models.DateTimeField(blank=True, help_text='When it was taken up: accepted, or done without being accepted first.', null=True)),
                ('expired_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='accounts.account')),
                ('activity', models.ForeignKey(blank=True, help_text='The activity logged when the action was done.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.activity')),
                ('analysis_request', models.ForeignKey(blank=True, help_text='The provider call whose tool call proposed it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='recommendations', to='copilot.analysisrequest')),
                ('decided_by', models.ForeignKey(blank=True, help_text='Who last accepted, dismissed or did it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposed_for', models.ForeignKey(blank=True, help_text='Whose conversation or bulk run it came from.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['due_on', 'pk'],
                'indexes': [models.Index(fields=['account', 'status'], name='recommendation_account'), models.Index(fields=['status', 'created_at'], name='recommendation_status'), models.Index(fields=['created_at'], name='recommendation_created')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['proposed', 'accepted'])), fields=('account', 'title_key'), name='recommendation_one_open_per_title'), models.CheckConstraint(condition=models.Q(('status__in', ['proposed', 'accepted', 'dismissed', 'done', 'expired'])), name='recommendation_status_valid')],
            },
        ),
    ]
