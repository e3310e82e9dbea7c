"""Safeguarding flags point at a person (and, generically, at what prompted them) instead of at an entry;
consents record how the guardian was reached and the school's confirmation; scheduled deletions and
one-time codes for guardians; the privacy settings. Existing flags and consents are carried over."""

import django.db.models.deletion
import privacy.models
from django.conf import settings
from django.db import migrations, models


def flags_about_people(apps, schema_editor):
    """Each existing flag gets the entry's lead entrant as its subject and the entry as what it is about;
    existing guardian consents were reached by the e-mailed link, paper ones by a paper form."""
    SafeguardingFlag = apps.get_model("privacy", "SafeguardingFlag")
    Entry = apps.get_model("submissions", "Entry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Consent = apps.get_model("privacy", "Consent")
    if SafeguardingFlag.objects.exists():
        entry_type, _created = ContentType.objects.get_or_create(app_label="submissions", model="entry")
        leads = dict(Entry.objects.values_list("pk", "lead_entrant_id"))
        for flag in SafeguardingFlag.objects.all():
            flag.subject_id = leads.get(flag.entry_id)
            flag.about_type_id = entry_type.pk
            flag.about_id = flag.entry_id
            flag.save(update_fields=["subject", "about_type", "about_id"])
    Consent.objects.filter(method="guardian_link").update(guardian_reached_by="email_link")
    Consent.objects.filter(method="paper").update(guardian_reached_by="paper_form")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('privacy', '0001_take_over_consent_tables'),
        ('submissions', '0002_consent_and_safeguarding_move_to_privacy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PrivacySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('require_school_confirmation_under_16', models.BooleanField(default=False, help_text='Khi bật, sự đồng ý qua e-mail của phụ huynh chỉ đủ để chấm bài sau khi giáo viên phụ trách xác nhận (gọi điện hoặc phiếu giấy).', verbose_name='Bài của học sinh dưới 16 tuổi cần nhà trường xác nhận sự đồng ý của phụ huynh')),
            ],
            options={
                'verbose_name': 'Quyền riêng tư',
            },
        ),
        migrations.AddField(
            model_name='consent',
            name='guardian_reached_by',
            field=models.CharField(blank=True, choices=[('email_link', 'Đường dẫn qua e-mail'), ('paper_form', 'Phiếu giấy có chữ ký'), ('phone_call', 'Gọi điện thoại'), ('in_person', 'Gặp trực tiếp')], max_length=20, verbose_name='Cách liên hệ phụ huynh'),
        ),
        migrations.AddField(
            model_name='consent',
            name='school_confirmed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='Nhà trường xác nhận lúc'),
        ),
        migrations.AddField(
            model_name='consent',
            name='school_confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='consent',
            name='school_confirmed_how',
            field=models.CharField(blank=True, choices=[('email_link', 'Đường dẫn qua e-mail'), ('paper_form', 'Phiếu giấy có chữ ký'), ('phone_call', 'Gọi điện thoại'), ('in_person', 'Gặp trực tiếp')], max_length=20, verbose_name='Nhà trường xác nhận bằng'),
        ),
        migrations.AddField(
            model_name='safeguardingflag',
            name='about_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='safeguardingflag',
            name='about_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='safeguardingflag',
            name='subject',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(flags_about_people, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='safeguardingflag',
            name='entry',
        ),
        migrations.CreateModel(
            name='GuardianCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('download', 'Tải dữ liệu về'), ('delete', 'Xoá dữ liệu')], max_length=20)),
                ('code_hash', models.CharField(max_length=128)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField()),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('guardian_request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='privacy.guardianconsentrequest')),
            ],
            options={
                'verbose_name': 'Mã xác nhận của phụ huynh',
                'verbose_name_plural': 'Mã xác nhận của phụ huynh',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='DeletionRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_by', models.CharField(choices=[('self', 'Chính thí sinh'), ('guardian', 'Cha mẹ / Người giám hộ')], max_length=20, verbose_name='Người yêu cầu')),
                ('notify_email', models.EmailField(max_length=254, verbose_name='E-mail nhận thư huỷ')),
                ('token_id', models.CharField(default=privacy.models._new_token_id, editable=False, max_length=64, unique=True)),
                ('state', models.CharField(choices=[('scheduled', 'Đã hẹn xoá'), ('cancelled', 'Đã huỷ'), ('done', 'Đã xoá')], default='scheduled', max_length=20, verbose_name='Trạng thái')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('due_at', models.DateTimeField(verbose_name='Xoá sau')),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('subject', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deletion_requests', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'Yêu cầu xoá dữ liệu',
                'verbose_name_plural': 'Yêu cầu xoá dữ liệu',
                'ordering': ['due_at'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'scheduled')), fields=('subject',), name='deletion_one_scheduled')],
            },
        ),
    ]
