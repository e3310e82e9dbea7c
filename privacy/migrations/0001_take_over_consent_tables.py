"""Consent, guardian links and safeguarding move from submissions to privacy. The tables and their rows
stay where they are: only Django's idea of which app owns them changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import privacy.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contest", "0001_initial"),
        ("submissions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='GuardianConsentRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('guardian_email', models.EmailField(max_length=254, verbose_name='E-mail phụ huynh')),
                        ('guardian_name', models.CharField(blank=True, max_length=150, verbose_name='Họ tên phụ huynh')),
                        ('token_id', models.CharField(default=privacy.models._new_token_id, editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField(verbose_name='Hết hạn lúc')),
                        ('opened_at', models.DateTimeField(blank=True, null=True)),
                        ('responded_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='Vô hiệu lúc')),
                        ('revoked_reason', models.CharField(blank=True, max_length=40)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('entrant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='guardian_requests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'submissions_guardianconsentrequest',
                        'verbose_name': 'Yêu cầu phụ huynh đồng ý',
                        'verbose_name_plural': 'Yêu cầu phụ huynh đồng ý',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Consent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('purpose', models.CharField(choices=[('participation', 'Tham gia cuộc thi và được chấm điểm'), ('display_work', 'Công khai tác phẩm'), ('display_identity', 'Công khai tên, trường và ảnh')], max_length=20, verbose_name='Mục đích')),
                        ('giver', models.CharField(choices=[('entrant', 'Thí sinh'), ('guardian', 'Cha mẹ / Người giám hộ'), ('school_paper', 'Nhà trường (phiếu giấy)')], max_length=20, verbose_name='Người đồng ý')),
                        ('method', models.CharField(choices=[('account', 'Trên tài khoản của thí sinh'), ('guardian_link', 'Qua đường dẫn gửi tới phụ huynh'), ('paper', 'Phiếu giấy do nhà trường lưu')], max_length=20, verbose_name='Cách ghi nhận')),
                        ('guardian_name', models.CharField(blank=True, max_length=150, verbose_name='Họ tên phụ huynh')),
                        ('guardian_email', models.EmailField(blank=True, max_length=254, verbose_name='E-mail phụ huynh')),
                        ('text_version', models.CharField(max_length=20, verbose_name='Phiên bản nội dung')),
                        ('text_shown', models.TextField(verbose_name='Nội dung đã hiển thị')),
                        ('paper_scan', models.FileField(blank=True, max_length=255, storage=privacy.models.private_storage, upload_to='')),
                        ('given_at', models.DateTimeField(verbose_name='Đồng ý lúc')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='Rút lại lúc')),
                        ('given_by', models.ForeignKey(blank=True, help_text='Tài khoản đã ghi nhận (thí sinh hoặc giáo viên phụ trách).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('subject', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to=settings.AUTH_USER_MODEL)),
                        ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('guardian_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='consents', to='privacy.guardianconsentrequest')),
                    ],
                    options={
                        'db_table': 'submissions_consent',
                        'verbose_name': 'Sự đồng ý',
                        'verbose_name_plural': 'Sự đồng ý',
                        'ordering': ['subject', 'purpose', '-given_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SafeguardingFlag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('abuse', 'Tiết lộ bị xâm hại, bạo lực'), ('self_harm', 'Tự gây hại'), ('exploitation', 'Bóc lột, dụ dỗ, lừa đảo'), ('private_data', 'Lộ dữ liệu riêng tư của người thật'), ('other', 'Khác')], max_length=20, verbose_name='Loại')),
                        ('status', models.CharField(choices=[('open', 'Mới'), ('in_review', 'Đang xem xét'), ('referred', 'Đã chuyển cơ quan chức năng'), ('closed', 'Đã đóng')], default='open', max_length=20, verbose_name='Trạng thái')),
                        ('summary', models.TextField(verbose_name='Mô tả')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='submissions.entry')),
                        ('raised_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'submissions_safeguardingflag',
                        'verbose_name': 'Cảnh báo bảo vệ trẻ em',
                        'verbose_name_plural': 'Cảnh báo bảo vệ trẻ em',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SafeguardingNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='Ghi chú')),
                        ('status_from', models.CharField(blank=True, choices=[('open', 'Mới'), ('in_review', 'Đang xem xét'), ('referred', 'Đã chuyển cơ quan chức năng'), ('closed', 'Đã đóng')], max_length=20)),
                        ('status_to', models.CharField(blank=True, choices=[('open', 'Mới'), ('in_review', 'Đang xem xét'), ('referred', 'Đã chuyển cơ quan chức năng'), ('closed', 'Đã đóng')], max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('flag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='privacy.safeguardingflag')),
                    ],
                    options={
                        'db_table': 'submissions_safeguardingnote',
                        'verbose_name': 'Ghi chú cảnh báo',
                        'verbose_name_plural': 'Ghi chú cảnh báo',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='guardianconsentrequest',
                    constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('entrant',), name='guardian_request_one_live'),
                ),
                migrations.AddIndex(
                    model_name='consent',
                    index=models.Index(fields=['subject', 'purpose'], name='submissions_subject_e6fae5_idx'),
                ),
                migrations.AddConstraint(
                    model_name='consent',
                    constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('subject', 'purpose', 'giver'), name='consent_one_active_per_giver'),
                ),
                migrations.AddConstraint(
                    model_name='consent',
                    constraint=models.CheckConstraint(condition=models.Q(('withdrawn_at__isnull', True), ('withdrawn_at__gte', models.F('given_at')), _connector='OR'), name='consent_withdrawn_after_given'),
                ),
                migrations.AddIndex(
                    model_name='safeguardingflag',
                    index=models.Index(fields=['status'], name='submissions_status_70b9dc_idx'),
                ),
            ],
        ),
    ]
